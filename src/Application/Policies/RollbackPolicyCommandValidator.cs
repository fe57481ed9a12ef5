using FluentValidation;

namespace LlmGateway.Application.Policies;

public sealed class RollbackPolicyCommandValidator : AbstractValidator<RollbackPolicyCommand>
{
    public RollbackPolicyCommandValidator() => RuleFor(c => c.Version).MustBeAVersion();
}
