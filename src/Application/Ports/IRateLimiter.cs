namespace LlmGateway.Application.Ports;

/// <summary>Counts requests per user in fixed windows.</summary>
public interface IRateLimiter
{
    /// <summary>
    /// Counts one request for <paramref name="userId"/> and says whether it is within <paramref name="limit"/>
    /// requests per <paramref name="window"/>. Implementations fail open: an unavailable store allows.
    /// </summary>
    ValueTask<RateLimitDecision> TryAcquireAsync(string userId, int limit, TimeSpan window, CancellationToken cancellationToken);
}
