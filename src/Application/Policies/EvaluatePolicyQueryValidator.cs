using FluentValidation;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Policies;

public sealed class EvaluatePolicyQueryValidator : AbstractValidator<EvaluatePolicyQuery>
{
    public EvaluatePolicyQueryValidator(PolicyDocumentValidator documents, IOptions<GatewayOptions> options)
    {
        var maxChars = options.Value.MaxPromptChars;

        RuleFor(c => c)
            .Must(c => c.Prompt is not null || c.Output is not null).WithMessage("Give a prompt, an output or both to evaluate.")
            .OverridePropertyName("prompt");

        RuleFor(c => c.Prompt)
            .MaximumLength(maxChars).WithMessage($"prompt must be at most {maxChars} characters.")
            .OverridePropertyName("prompt");

        RuleFor(c => c.Candidate!).SetValidator(documents).OverridePropertyName("policy");
    }
}
