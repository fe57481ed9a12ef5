using LlmGateway.Application;
using LlmGateway.Application.Guardrails;
using LlmGateway.Application.Policies;
using LlmGateway.Domain.Policies;
using Microsoft.Extensions.Options;
using static LlmGateway.UnitTests.Support.PolicyCommands;

namespace LlmGateway.UnitTests.Application.Policies;

/// <summary>The validators of the policy admin commands: the document's paths and the small inputs around it.</summary>
public class PolicyCommandValidatorTests
{
    private static readonly PolicyDocumentValidator Documents = new(GuardrailSet.Empty);

    private static readonly PolicyDocument Invalid = Document().WithRules(Rule("a", "(", InspectionRuleKind.Regex)) with { BlockedTerms = [""] };

    private readonly EvaluatePolicyQueryValidator _evaluate = new(Documents, Options.Create(new GatewayOptions { MaxPromptChars = 100 }));

    [Fact]
    public void EvaluatePolicy_InvalidCandidate_ProblemsNamedUnderPolicy()
    {
        var result = _evaluate.Validate(Evaluate(prompt: "hi", candidate: Invalid));

        Assert.Equal(["policy.blocked_terms[0]", "policy.prompt_inspection.rules[0].pattern"], result.Errors.Select(e => e.PropertyName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("hi", null, true)]
    [InlineData(null, "hi", true)]
    [InlineData("hi", "there", true)]
    [InlineData("", null, true)]
    [InlineData(null, null, false)]
    public void EvaluatePolicy_PromptOrOutput_AtLeastOneRequired(string? prompt, string? output, bool valid)
    {
        var result = _evaluate.Validate(Evaluate(prompt, output));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("prompt", e.PropertyName));
    }

    [Fact]
    public void EvaluatePolicy_PromptLongerThanMaxPromptChars_Invalid()
    {
        var result = _evaluate.Validate(Evaluate(new string('p', 101)));

        Assert.Equal("prompt", Assert.Single(result.Errors).PropertyName);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(100, true)]
    [InlineData(0, false)]
    [InlineData(101, false)]
    [InlineData(-5, false)]
    public void GetPolicyHistory_Limit_From1To100(int limit, bool valid)
    {
        var result = new GetPolicyHistoryQueryValidator().Validate(History(limit));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("limit", e.PropertyName));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(long.MaxValue, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    public void RollbackPolicy_Version_AtLeast1(long version, bool valid)
    {
        var result = new RollbackPolicyCommandValidator().Validate(Rollback(version));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("version", e.PropertyName));
    }
}
