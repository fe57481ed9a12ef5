using System.Text.Json.Serialization;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.Domain.Policies;

/// <summary>The policy as admins write it (DESIGN §4). Compiled into a <see cref="PolicySnapshot"/> before use.</summary>
public sealed record PolicyDocument
{
    [JsonPropertyName("mode")]
    public PolicyMode Mode { get; init; } = PolicyMode.Enforce;

    [JsonPropertyName("prompt_inspection")]
    public PromptInspectionSection PromptInspection { get; init; } = new();

    [JsonPropertyName("blocked_terms")]
    public IReadOnlyList<string> BlockedTerms { get; init; } = [];

    [JsonPropertyName("redaction")]
    public RedactionSection Redaction { get; init; } = new();

    [JsonPropertyName("limits")]
    public LimitsSection Limits { get; init; } = new();

    [JsonPropertyName("models")]
    public ModelsSection Models { get; init; } = new();
}

[JsonConverter(typeof(JsonStringEnumConverter<PolicyMode>))]
public enum PolicyMode
{
    [JsonStringEnumMemberName("enforce")]
    Enforce,

    [JsonStringEnumMemberName("monitor")]
    Monitor,
}

public sealed record PromptInspectionSection
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [JsonPropertyName("block_threshold")]
    public double BlockThreshold { get; init; } = 1.0;

    [JsonPropertyName("rules")]
    public IReadOnlyList<InspectionRule> Rules { get; init; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<InspectionRuleKind>))]
public enum InspectionRuleKind
{
    [JsonStringEnumMemberName("phrase")]
    Phrase,

    [JsonStringEnumMemberName("regex")]
    Regex,
}

public sealed record InspectionRule
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("kind")]
    public InspectionRuleKind Kind { get; init; } = InspectionRuleKind.Phrase;

    [JsonPropertyName("pattern")]
    public required string Pattern { get; init; }

    [JsonPropertyName("score")]
    public double Score { get; init; } = 1.0;
}

public sealed record RedactionSection
{
    [JsonPropertyName("keywords")]
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Detector type names to run, or <c>"all"</c>.</summary>
    [JsonPropertyName("detectors")]
    public IReadOnlyList<string> Detectors { get; init; } = [SecretDetectorCatalog.All];
}

public sealed record LimitsSection
{
    [JsonPropertyName("user")]
    public RoleLimits? User { get; init; }

    [JsonPropertyName("admin")]
    public RoleLimits? Admin { get; init; }
}

public sealed record RoleLimits
{
    [JsonPropertyName("max_tokens")]
    public int MaxTokens { get; init; } = 1024;

    [JsonPropertyName("rate_limit")]
    public int RateLimit { get; init; } = 10;

    [JsonPropertyName("rate_window_seconds")]
    public int RateWindowSeconds { get; init; } = 60;
}

public sealed record ModelsSection
{
    /// <summary>Models callers may request; empty allows any.</summary>
    [JsonPropertyName("allowed")]
    public IReadOnlyList<string> Allowed { get; init; } = [];
}
