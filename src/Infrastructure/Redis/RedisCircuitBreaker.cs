using Microsoft.Extensions.Logging;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Keeps a dead Redis from adding its timeout to every request. Closed: calls go through. After
/// <see cref="FailureThreshold"/> consecutive failures (or a lost connection) it opens: calls are skipped
/// and each adapter takes its fail-open path at once. After <see cref="BreakDuration"/> one call is let
/// through as a probe; its success closes the breaker, its failure opens it again. One log line per
/// change between "Redis usable" and "Redis unusable", never one per request.
/// </summary>
internal sealed partial class RedisCircuitBreaker(TimeProvider time, ILogger logger)
{
    public const int FailureThreshold = 2;
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(2);

    private const int Closed = 0;
    private const int Open = 1;
    private const int HalfOpen = 2;

    private int _state = Closed;
    private int _consecutiveFailures;
    private long _retryAtTicks;

    public bool IsClosed => Volatile.Read(ref _state) == Closed;

    /// <summary>True when a call may go to Redis now.</summary>
    public bool TryEnter()
    {
        var state = Volatile.Read(ref _state);
        if (state == Closed)
        {
            return true;
        }

        // Open and the break is over: exactly one caller becomes the probe.
        return state == Open
            && time.GetUtcNow().UtcTicks >= Volatile.Read(ref _retryAtTicks)
            && Interlocked.CompareExchange(ref _state, HalfOpen, Open) == Open;
    }

    public void RecordSuccess()
    {
        Volatile.Write(ref _consecutiveFailures, 0);
        if (Interlocked.Exchange(ref _state, Closed) != Closed)
        {
            LogRecovered(logger);
        }
    }

    public void RecordFailure(Exception exception)
    {
        if (Volatile.Read(ref _state) == HalfOpen || Interlocked.Increment(ref _consecutiveFailures) >= FailureThreshold)
        {
            Trip(exception.GetType().Name);
        }
    }

    /// <summary>Opens the breaker now (also used when the connection reports itself lost).</summary>
    public void Trip(string reason)
    {
        Volatile.Write(ref _retryAtTicks, (time.GetUtcNow() + BreakDuration).UtcTicks);
        if (Interlocked.Exchange(ref _state, Open) == Closed)
        {
            LogOpened(logger, reason, (int)BreakDuration.TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning,
        Message = "Redis unusable ({Reason:l}): failing open — rate limits allow, cache misses, policy stays at its last-known-good version; probing every {BreakMs} ms")]
    private static partial void LogOpened(ILogger logger, string reason, int breakMs);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Redis usable again: rate limits, cache and policy back on shared state")]
    private static partial void LogRecovered(ILogger logger);
}
