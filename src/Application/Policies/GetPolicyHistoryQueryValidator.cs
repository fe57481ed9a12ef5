using FluentValidation;

namespace LlmGateway.Application.Policies;

public sealed class GetPolicyHistoryQueryValidator : AbstractValidator<GetPolicyHistoryQuery>
{
    public GetPolicyHistoryQueryValidator() => RuleFor(c => c.Limit).MustBeAHistoryLimit();
}
