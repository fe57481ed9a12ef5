using FluentValidation;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Policies;

public sealed class EvaluatePolicyQueryValidator : AbstractValidator<EvaluatePolicyQuery>
{
    public EvaluatePolicyQueryValidator(PolicyDocumentValidator documents, IOptions<GatewayOptions> options)
    {
        this.AddEvaluationRules(options.Value.MaxPromptChars);
        RuleFor(c => c.Candidate!).SetValidator(documents).OverridePropertyName("policy");
    }
}
