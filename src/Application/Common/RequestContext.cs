using System.Runtime.CompilerServices;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Inspection;
using LlmGateway.Domain.Policies;

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

/// <summary>
/// What the pipeline decided about one request, written by the behaviors as they run and read by the
/// edge for headers, logs and traces. It travels on the command; it holds no prompt text.
/// </summary>
public sealed class RequestContext(string requestId)
{
    public string RequestId { get; } = requestId;

    /// <summary>The policy version that judges this whole request, taken once on first use.</summary>
    public PolicySnapshot? Policy { get; private set; }

    public RateLimitDecision? RateLimit { get; set; }

    public InspectionVerdict Inspection { get; set; } = InspectionVerdict.Clean;

    public CacheStatus CacheStatus { get; set; } = CacheStatus.Bypass;

    public string? Provider { get; set; }

    /// <summary>Tokens of the answer that was sent (for a stream, once it ended), for the "request completed" log.</summary>
    public TokenUsage? Usage { get; set; }

    /// <summary>Length and short hash of the prompt, for logs; set by the edge when it builds the command.</summary>
    public TextFingerprint? Prompt { get; set; }

    /// <summary>Set by the stage that refused the request (in an enforcing policy); <see cref="BlockReason.None"/> otherwise.</summary>
    public BlockReason Block { get; set; }

    /// <summary>
    /// Under a monitoring policy: the first stage that would have refused the request had the policy enforced (the
    /// <c>gateway.monitored_blocks</c> metric counts by it); <see cref="BlockReason.None"/> otherwise.
    /// </summary>
    public BlockReason WouldBlock { get; private set; }

    /// <summary>Records that a monitoring policy let through what <paramref name="reason"/> would have refused.</summary>
    public void Monitored(BlockReason reason)
    {
        if (WouldBlock == BlockReason.None)
        {
            WouldBlock = reason;
        }
    }

    /// <summary>The cache read started before the guardrails ran; <see cref="Behaviors.CachingBehavior{TMessage, TResponse}"/> awaits it.</summary>
    public Behaviors.PendingCacheRead? CacheRead { get; set; }

    private StageTimes _stageTimes;
    private int _stagesRun;

    public PolicySnapshot PolicyFrom(IPolicyStore store) => Policy ??= store.Current;

    /// <summary>Adds time spent in a guardrail stage (a streamed answer's filter adds up chunk by chunk).</summary>
    public void AddStageTime(GuardrailStage stage, TimeSpan elapsed)
    {
        _stageTimes[(int)stage] += elapsed.Ticks;
        _stagesRun |= 1 << (int)stage;
    }

    /// <summary>Time spent in <paramref name="stage"/>, or null when it did not run for this request.</summary>
    public TimeSpan? StageTime(GuardrailStage stage) =>
        (_stagesRun & (1 << (int)stage)) == 0 ? null : TimeSpan.FromTicks(_stageTimes[(int)stage]);

    [InlineArray(5)]
    private struct StageTimes
    {
        private long _ticks;
    }
}
