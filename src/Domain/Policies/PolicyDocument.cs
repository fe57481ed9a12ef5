using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.Domain.Policies;

/// <summary>The policy as admins write it (docs/configuration.md). Compiled into a <see cref="PolicySnapshot"/> before use.</summary>
/// <remarks>
/// A field left out of the JSON, or given as <c>null</c>, takes its default. The defaults sit on the
/// <see cref="JsonConstructorAttribute"/> constructors of these records because the JSON source generator sets a
/// left-out init-only property to null or 0, ignoring its initializer (dotnet/runtime#84484).
/// </remarks>
public sealed record PolicyDocument
{
    [JsonConstructor]
    public PolicyDocument(
        PolicyMode mode = PolicyMode.Enforce,
        PromptInspectionSection? promptInspection = null,
        IReadOnlyList<string>? blockedTerms = null,
        RedactionSection? redaction = null,
        LimitsSection? limits = null,
        ModelsSection? models = null,
        CacheSection? cache = null,
        IReadOnlyDictionary<string, PluginSetting>? plugins = null)
    {
        Mode = mode;
        PromptInspection = promptInspection ?? new();
        BlockedTerms = blockedTerms ?? [];
        Redaction = redaction ?? new();
        Limits = limits ?? new();
        Models = models ?? new();
        Cache = cache ?? new();
        Plugins = plugins ?? new Dictionary<string, PluginSetting>(StringComparer.Ordinal);
    }

    [JsonPropertyName("mode")]
    public PolicyMode Mode { get; init; }

    [JsonPropertyName("prompt_inspection")]
    public PromptInspectionSection PromptInspection { get; init; }

    [JsonPropertyName("blocked_terms")]
    public IReadOnlyList<string> BlockedTerms { get; init; }

    [JsonPropertyName("redaction")]
    public RedactionSection Redaction { get; init; }

    [JsonPropertyName("limits")]
    public LimitsSection Limits { get; init; }

    [JsonPropertyName("models")]
    public ModelsSection Models { get; init; }

    [JsonPropertyName("cache")]
    public CacheSection Cache { get; init; }

    /// <summary>Guardrail plugins switched on or off, by the plugin's name; a loaded plugin the section does not name runs.</summary>
    [JsonPropertyName("plugins")]
    public IReadOnlyDictionary<string, PluginSetting> Plugins { get; init; }
}

/// <summary>One guardrail plugin's setting in a policy (<c>plugins.&lt;name&gt;</c>).</summary>
public sealed record PluginSetting
{
    [JsonConstructor]
    public PluginSetting(bool enabled = true)
    {
        Enabled = enabled;
    }

    /// <summary>False: neither the plugin's prompt guard nor its output guard runs under this policy.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }
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
    [JsonConstructor]
    public PromptInspectionSection(bool enabled = true, double blockThreshold = 1.0, IReadOnlyList<InspectionRule>? rules = null, bool model = false, SemanticInspection semantic = SemanticInspection.Off)
    {
        Enabled = enabled;
        BlockThreshold = blockThreshold;
        Rules = rules ?? [];
        Model = model;
        Semantic = semantic;
    }

    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("block_threshold")]
    public double BlockThreshold { get; init; }

    [JsonPropertyName("rules")]
    public IReadOnlyList<InspectionRule> Rules { get; init; }

    /// <summary>
    /// Whether the built-in n-gram model scores prompts the rules alone do not block (pseudo-rule "ngram-model"). Off unless a
    /// document asks for it, so a published policy does not change behaviour on upgrade; the default policy turns it on.
    /// </summary>
    [JsonPropertyName("model")]
    public bool Model { get; init; }

    /// <summary>
    /// When the semantic tier (a sentence-embedding model with a trained classifier head, milliseconds per prompt) scores
    /// prompts. Off unless a document asks for it, so a published policy does not change behaviour or cost on upgrade.
    /// </summary>
    [JsonPropertyName("semantic")]
    public SemanticInspection Semantic { get; init; }
}

/// <summary>When prompt inspection consults the semantic tier.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SemanticInspection>))]
public enum SemanticInspection
{
    /// <summary>Never: the rules and the n-gram model decide alone.</summary>
    [JsonStringEnumMemberName("off")]
    Off,

    /// <summary>For every inspected text the fast tiers do not already block.</summary>
    [JsonStringEnumMemberName("on")]
    On,

    /// <summary>Only for texts the fast tiers are undecided about: something matched, but not enough to block.</summary>
    [JsonStringEnumMemberName("uncertain")]
    Uncertain,
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
    public const double DefaultScore = 1.0;

    /// <summary>For code: the object initializer must set <see cref="Id"/> and <see cref="Pattern"/>.</summary>
    public InspectionRule()
    {
        Kind = InspectionRuleKind.Phrase;
        Score = DefaultScore;
    }

    /// <summary>
    /// For JSON: a rule without id or pattern still deserializes (as null), so that the policy validator can
    /// report it together with every other problem of the document.
    /// </summary>
    [JsonConstructor]
    [SetsRequiredMembers]
    public InspectionRule(string id, string pattern, InspectionRuleKind kind = InspectionRuleKind.Phrase, double score = DefaultScore)
    {
        Id = id;
        Pattern = pattern;
        Kind = kind;
        Score = score;
    }

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("kind")]
    public InspectionRuleKind Kind { get; init; }

    [JsonPropertyName("pattern")]
    public required string Pattern { get; init; }

    [JsonPropertyName("score")]
    public double Score { get; init; }
}

public sealed record RedactionSection
{
    [JsonConstructor]
    public RedactionSection(IReadOnlyList<string>? keywords = null, IReadOnlyList<string>? detectors = null, RedactionAction action = RedactionAction.Redact)
    {
        Keywords = keywords ?? [];
        Detectors = detectors ?? [SecretDetectorCatalog.All];
        Action = action;
    }

    [JsonPropertyName("keywords")]
    public IReadOnlyList<string> Keywords { get; init; }

    /// <summary>
    /// Detector type names to run, or <c>"all"</c>, or a category (<c>"secrets"</c>, <c>"pii"</c>); an empty list runs none.
    /// </summary>
    [JsonPropertyName("detectors")]
    public IReadOnlyList<string> Detectors { get; init; }

    /// <summary>What an answer with anything to redact gets: redacted, or (in enforce mode) refused as a whole.</summary>
    [JsonPropertyName("action")]
    public RedactionAction Action { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<RedactionAction>))]
public enum RedactionAction
{
    [JsonStringEnumMemberName("redact")]
    Redact,

    [JsonStringEnumMemberName("block")]
    Block,
}

public sealed record LimitsSection
{
    [JsonPropertyName("user")]
    public RoleLimits? User { get; init; }

    [JsonPropertyName("admin")]
    public RoleLimits? Admin { get; init; }

    /// <summary>The limits of team admins; absent → the <see cref="User"/> limits, as team admins call models as users do.</summary>
    [JsonPropertyName("team_admin")]
    public RoleLimits? TeamAdmin { get; init; }

    /// <summary>Tokens per minute all of a team's callers share (prompt plus answer); 0: no team limit.</summary>
    [JsonPropertyName("team_tokens_per_minute")]
    public int TeamTokensPerMinute { get; init; }
}

public sealed record RoleLimits
{
    [JsonConstructor]
    public RoleLimits(int maxTokens = 1024, int rateLimit = 10, int rateWindowSeconds = 60, int tokensPerMinute = 0)
    {
        MaxTokens = maxTokens;
        RateLimit = rateLimit;
        RateWindowSeconds = rateWindowSeconds;
        TokensPerMinute = tokensPerMinute;
    }

    [JsonPropertyName("max_tokens")]
    public int MaxTokens { get; init; }

    [JsonPropertyName("rate_limit")]
    public int RateLimit { get; init; }

    [JsonPropertyName("rate_window_seconds")]
    public int RateWindowSeconds { get; init; }

    /// <summary>Tokens per minute per user of this role (prompt plus answer, reserved before the call); 0: no limit.</summary>
    [JsonPropertyName("tokens_per_minute")]
    public int TokensPerMinute { get; init; }
}

public sealed record ModelsSection
{
    [JsonConstructor]
    public ModelsSection(IReadOnlyList<string>? allowed = null, IReadOnlyList<string>? refusedInputs = null)
    {
        Allowed = allowed ?? [];
        RefusedInputs = refusedInputs ?? [];
    }

    /// <summary>Models callers may request; empty allows any.</summary>
    [JsonPropertyName("allowed")]
    public IReadOnlyList<string> Allowed { get; init; }

    /// <summary>Kinds of content part a request may not carry (<c>image</c>, <c>audio</c>, <c>file</c>): they are not inspected.</summary>
    [JsonPropertyName("refused_inputs")]
    public IReadOnlyList<string> RefusedInputs { get; init; }
}

public sealed record CacheSection
{
    [JsonConstructor]
    public CacheSection(CacheScope scope = CacheScope.Role)
    {
        Scope = scope;
    }

    /// <summary>Who shares a cached answer (docs/security.md, "Response cache").</summary>
    [JsonPropertyName("scope")]
    public CacheScope Scope { get; init; }
}

/// <summary>Which callers share a cached answer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CacheScope>))]
public enum CacheScope
{
    /// <summary>Every caller of the same role shares an answer.</summary>
    [JsonStringEnumMemberName("role")]
    Role,

    /// <summary>Each caller has their own answers.</summary>
    [JsonStringEnumMemberName("user")]
    User,

    /// <summary>Every caller shares an answer, whatever their role.</summary>
    [JsonStringEnumMemberName("global")]
    Global,

    /// <summary>Every caller of the same team shares an answer, whatever their role.</summary>
    [JsonStringEnumMemberName("team")]
    Team,
}
