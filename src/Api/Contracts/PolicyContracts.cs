using System.ComponentModel;
using System.Text.Json.Serialization;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Api.Contracts;

/// <summary>
/// One policy version: GET /admin/policy, the answer to PUT and to rollback, and each history entry. The
/// document is kept apart from its metadata under <c>policy</c>, so <c>policy</c> is exactly what PUT takes.
/// </summary>
public sealed record PolicyVersionResponse(
    [property: JsonPropertyName("version"), Description("Also the ETag, quoted: \"7\".")] long Version,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("updated_by"), Description("The user id of the admin who published this version (\"system\" for the start-up default).")] string UpdatedBy,
    [property: JsonPropertyName("policy")] PolicyDocument Policy);

public sealed record PolicyHistoryResponse(
    [property: JsonPropertyName("versions"), Description("Newest first; the first entry is the live version.")] IReadOnlyList<PolicyVersionResponse> Versions);

public sealed record EvaluatePolicyRequest(
    [property: JsonPropertyName("prompt"), Description("A prompt to inspect as /generate would.")] string? Prompt,
    [property: JsonPropertyName("output"), Description("A model answer to filter as /generate would.")] string? Output,
    [property: JsonPropertyName("policy"), Description("A candidate policy to evaluate instead of the live one; validated like PUT, never published.")] PolicyDocument? Policy)
{
    public override string ToString() => $"EvaluatePolicyRequest {{ Prompt = {Prompt?.Length} chars, Output = {Output?.Length} chars }}";
}

public sealed record PolicyEvaluationResponse(
    [property: JsonPropertyName("policy_version"), Description("The live version evaluated, or 0 for a candidate policy.")] long PolicyVersion,
    [property: JsonPropertyName("mode"), Description("enforce or monitor: in monitor mode nothing is blocked, but matches are still reported.")] string Mode,
    [property: JsonPropertyName("prompt"), Description("Present when a prompt was given."), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PromptEvaluationResponse? Prompt,
    [property: JsonPropertyName("output"), Description("Present when an output was given."), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OutputEvaluationResponse? Output);

public sealed record PromptEvaluationResponse(
    [property: JsonPropertyName("verdict"), Description("block or allow: what /generate would do with this prompt now. Only an enforcing policy blocks.")] string Verdict,
    [property: JsonPropertyName("code"), Description("With verdict block: the error /generate answers with, prompt_blocked (400, inspection) or policy_denied (403, a blocked term)."), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code,
    [property: JsonPropertyName("score"), Description("Sum of the scores of the matched inspection rules.")] double Score,
    [property: JsonPropertyName("block_threshold")] double BlockThreshold,
    [property: JsonPropertyName("threshold_reached"), Description("The score reached block_threshold (reported in monitor mode too).")] bool ThresholdReached,
    [property: JsonPropertyName("matched_rules"), Description("Ids of the inspection rules that matched (reported in monitor mode too).")] IReadOnlyList<string> MatchedRules,
    [property: JsonPropertyName("blocked_term"), Description("The prompt contains one of blocked_terms (reported in monitor mode too; the term is not echoed).")] bool BlockedTerm);

public sealed record OutputEvaluationResponse(
    [property: JsonPropertyName("text"), Description("The output as a client would receive it.")] string Text,
    [property: JsonPropertyName("action"), Description("redact when anything was redacted, else none. block is reserved: no output rule blocks a whole answer yet.")] string Action,
    [property: JsonPropertyName("redactions")] IReadOnlyList<RedactionResponse> Redactions);
