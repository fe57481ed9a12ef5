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

    public PolicySnapshot PolicyFrom(IPolicyStore store) => Policy ??= store.Current;
}
