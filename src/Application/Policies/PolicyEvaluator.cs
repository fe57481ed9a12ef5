using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Inspection;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Policies;

/// <summary>
/// What a compiled policy decides about a prompt and about a model's answer, without calling a model. It
/// applies the checks /generate applies, in the same order: prompt inspection (400 <c>prompt_blocked</c>),
/// then blocked terms (403 <c>policy_denied</c>), then output filtering. The model allow-list is not part
/// of it: there is no model to check. Pure and thread-safe; any policy snapshot will do, live or candidate.
/// </summary>
public static class PolicyEvaluator
{
    public static PolicyEvaluation Evaluate(PolicySnapshot policy, string? prompt, string? output)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new PolicyEvaluation(
            policy.Version,
            policy.Document.Mode,
            prompt is null ? null : EvaluatePrompt(policy, prompt),
            output is null ? null : EvaluateOutput(policy, output));
    }

    public static PromptEvaluation EvaluatePrompt(PolicySnapshot policy, string prompt)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(prompt);

        var inspector = policy.Inspector;
        var inspection = inspector.Inspect(prompt);
        var blockedTerm = !policy.BlockedTerms.IsEmpty && policy.BlockedTerms.IsMatch(TextNormalizer.Normalize(prompt));

        GatewayError? denial = null;
        if (policy.Enforces)
        {
            denial = inspection.ThresholdReached ? GatewayError.PromptBlocked
                : blockedTerm ? GatewayError.PolicyDenied
                : null;
        }

        return new PromptEvaluation(
            denial is null ? PromptVerdict.Allow : PromptVerdict.Block,
            denial,
            inspection.Score,
            inspector.BlockThreshold,
            inspection.ThresholdReached,
            inspection.RuleIds,
            blockedTerm);
    }

    public static OutputEvaluation EvaluateOutput(PolicySnapshot policy, string output)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(output);

        var filtered = policy.OutputFilter.Filter(output);
        var action = filtered.Redactions.Count == 0 ? OutputAction.None
            : policy.Enforces && policy.Document.Redaction.Action == RedactionAction.Block ? OutputAction.Block
            : OutputAction.Redact;
        return new OutputEvaluation(filtered.Text, action, filtered.Redactions);
    }
}

/// <param name="PolicyVersion">The evaluated policy's version; 0 for a candidate that was never published.</param>
/// <param name="Prompt">Null when no prompt was given.</param>
/// <param name="Output">Null when no output was given.</param>
public sealed record PolicyEvaluation(long PolicyVersion, PolicyMode Mode, PromptEvaluation? Prompt, OutputEvaluation? Output);

public enum PromptVerdict
{
    Allow,
    Block,
}

/// <param name="Verdict">What /generate would do with the prompt: <see cref="PromptVerdict.Block"/> only when the policy enforces.</param>
/// <param name="Denial">With <see cref="PromptVerdict.Block"/>: the error /generate answers with; otherwise null.</param>
/// <param name="Score">Sum of the scores of the matched inspection rules.</param>
/// <param name="ThresholdReached">True when <paramref name="Score"/> reached the block threshold, in monitor mode too.</param>
/// <param name="MatchedRules">Ids of the matched inspection rules, in monitor mode too.</param>
/// <param name="BlockedTerm">True when the prompt holds one of the policy's blocked terms, in monitor mode too.</param>
public sealed record PromptEvaluation(
    PromptVerdict Verdict,
    GatewayError? Denial,
    double Score,
    double BlockThreshold,
    bool ThresholdReached,
    IReadOnlyList<string> MatchedRules,
    bool BlockedTerm);

public enum OutputAction
{
    None,
    Redact,

    /// <summary>The policy's <c>redaction.action</c> is <c>"block"</c> and it enforces: /generate would refuse the answer (403 <c>policy_denied</c>).</summary>
    Block,
}

/// <param name="Text">The answer as a client would see it.</param>
public sealed record OutputEvaluation(string Text, OutputAction Action, IReadOnlyList<Redaction> Redactions);
