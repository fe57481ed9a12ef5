using FluentValidation;

namespace LlmGateway.Application.Policies;

public sealed class GetPolicyHistoryQueryValidator : AbstractValidator<GetPolicyHistoryQuery>
{
    public GetPolicyHistoryQueryValidator()
    {
        RuleFor(c => c.Limit)
            .InclusiveBetween(1, GetPolicyHistoryQuery.MaxLimit)
            .WithMessage($"limit must be a whole number between 1 and {GetPolicyHistoryQuery.MaxLimit}.")
            .OverridePropertyName("limit");
    }
}
