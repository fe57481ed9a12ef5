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

/// <param name="Allowed">False when the request is over the limit.</param>
/// <param name="Limit">Requests allowed per window.</param>
/// <param name="Remaining">Requests left in the current window after this one.</param>
/// <param name="ResetAt">When the current window ends.</param>
/// <param name="FailedOpen">The store could not be asked and the request was allowed unchecked; the counts mean nothing.</param>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, bool FailedOpen = false);
