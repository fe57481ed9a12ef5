namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Keeps a dead Redis from adding its timeout to every request. Closed: calls go through. After
/// <see cref="FailureThreshold"/> consecutive failures (or a lost connection) it opens: calls are skipped
/// and each adapter takes its fail-open path at once. After <see cref="BreakDuration"/> one call is let
/// through as a probe; its success closes the breaker, its failure opens it again. A probe that never
/// reports (its caller did not learn the outcome) does not keep Redis off for good: one break later the
/// next call probes. One log line per change between "Redis usable" and "Redis unusable", never one per
/// request.
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

    /// <summary>When the next probe may go: the end of the break, and while a probe is out, one break after it left.</summary>
    private long _retryAtTicks;

    /// <summary>True while calls go through. A call whose outcome is not reported (fire-and-forget) checks this, never <see cref="TryEnter"/>.</summary>
    public bool IsClosed => Volatile.Read(ref _state) == Closed;

    /// <summary>True when a call may go to Redis now; the caller then reports the outcome (RecordSuccess or RecordFailure).</summary>
    public bool TryEnter()
    {
        if (Volatile.Read(ref _state) == Closed)
        {
            return true;
        }

        // The break is over (or the last probe went a whole break ago without reporting): exactly one caller, the
        // one that moves the time of the next chance on, becomes the probe.
        var now = time.GetUtcNow().UtcTicks;
        var retryAt = Volatile.Read(ref _retryAtTicks);
        if (now < retryAt || Interlocked.CompareExchange(ref _retryAtTicks, now + BreakDuration.Ticks, retryAt) != retryAt)
        {
            return false;
        }

        Interlocked.CompareExchange(ref _state, HalfOpen, Open);
        return true;
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
