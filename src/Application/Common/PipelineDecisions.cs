using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Common;

public enum CacheStatus
{
    /// <summary>The cache was not consulted (not a cacheable request, or the caller asked to skip it).</summary>
    Bypass,
    Miss,
    Hit,
}

/// <summary>Which check refused a request (or would have, under a monitoring policy); the <c>gateway.blocks</c> and <c>gateway.monitored_blocks</c> metrics count by it.</summary>
public enum BlockReason
{
    None,
    PromptInjection,
    PromptPlugin,
    ModelNotAllowed,
    BlockedTerm,
    OutputRedaction,
    OutputPlugin,
}

/// <summary>The guardrail stages whose time the <c>gateway.guardrail.duration</c> metric records.</summary>
public enum GuardrailStage
{
    Inspect,
    PromptGuard,
    Policy,
    OutputFilter,
    OutputGuard,
}

/// <param name="Allowed">False when the request is over the limit.</param>
/// <param name="Limit">Requests allowed per window.</param>
/// <param name="Remaining">Requests left in the current window after this one.</param>
/// <param name="ResetAt">When the current window ends.</param>
/// <param name="FailedOpen">The store could not be asked and the request was allowed unchecked; the counts mean nothing.</param>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, bool FailedOpen = false);

/// <summary>
/// What the pipeline decided about one request, returned on its result: each behavior adds its own decision as the
/// result passes back through it, and the edge turns them into headers, metrics, the request log and span tags.
/// </summary>
public readonly record struct PipelineDecisions
{
    public CacheStatus Cache { get; init; }

    /// <summary>The rate limiter's answer, when the request was counted.</summary>
    public RateLimitDecision? RateLimit { get; init; }

    /// <summary>What the request reserved and spent (its key, team, model, tokens and cost), when it was counted.</summary>
    public SpendRecord? Spend { get; init; }

    /// <summary>The provider that answered (or started the stream), also when a later stage withheld its answer.</summary>
    public string? Provider { get; init; }

    /// <summary>The catalogue model that answered (a fallback's when the requested one's deployments all failed); null on a cache hit.</summary>
    public string? Model { get; init; }

    /// <summary>The deployment that answered (its price settles the spend), also when a later stage withheld its answer.</summary>
    public ServedDeployment? Deployment { get; init; }

    /// <summary>What the provider reported using for an answer a later stage withheld: the request is charged for it all the same.</summary>
    public TokenUsage? WithheldUsage { get; init; }

    /// <summary>The stage that refused the request (in an enforcing policy); <see cref="BlockReason.None"/> otherwise.</summary>
    public BlockReason Block { get; init; }

    /// <summary>
    /// Under a monitoring policy: the first stage that would have refused the request had the policy enforced;
    /// <see cref="BlockReason.None"/> otherwise.
    /// </summary>
    public BlockReason WouldBlock { get; init; }
}

/// <summary>
/// A request's spend as the edge logs it: its key, team and model, what the token limits said, and — once settled (a
/// stream: when it ended) — the tokens it used and their cost.
/// </summary>
public sealed class SpendRecord(string? keyId, string teamId, string model, SpendAdmission admission)
{
    public string? KeyId { get; } = keyId;

    public string TeamId { get; } = teamId;

    public string Model { get; } = model;

    public SpendAdmission Admission { get; } = admission;

    /// <summary>Null until settled; stays null when the request got no answer from a provider.</summary>
    public SpendUse? Used { get; private set; }

    internal void Settled(SpendUse use) => Used = use;
}
