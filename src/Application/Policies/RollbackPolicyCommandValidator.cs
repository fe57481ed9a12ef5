using FluentValidation;

namespace LlmGateway.Application.Policies;

public sealed class RollbackPolicyCommandValidator : AbstractValidator<RollbackPolicyCommand>
{
    public RollbackPolicyCommandValidator()
    {
        RuleFor(c => c.Version)
            .GreaterThanOrEqualTo(1).WithMessage("version must be a whole number of at least 1.")
            .OverridePropertyName("version");
    }
}
