using FluentValidation;

namespace LlmGateway.Application.Policies;

public sealed class GetPolicyHistoryCommandValidator : AbstractValidator<GetPolicyHistoryCommand>
{
    public GetPolicyHistoryCommandValidator()
    {
        RuleFor(c => c.Limit)
            .InclusiveBetween(1, GetPolicyHistoryCommand.MaxLimit)
            .WithMessage($"limit must be a whole number between 1 and {GetPolicyHistoryCommand.MaxLimit}.")
            .OverridePropertyName("limit");
    }
}
