using FluentValidation;

namespace LlmGateway.Application.Policies;

public sealed class UpdatePolicyCommandValidator : AbstractValidator<UpdatePolicyCommand>
{
    public UpdatePolicyCommandValidator(PolicyDocumentValidator documents)
    {
        RuleFor(c => c.Document).NotNull().WithMessage("The policy document is required.").OverridePropertyName("policy");

        // The document is the whole request body, so its problems are named from the body's root ("mode", "limits.user...").
        RuleFor(c => c.Document).SetValidator(documents).OverridePropertyName(string.Empty);
    }
}
