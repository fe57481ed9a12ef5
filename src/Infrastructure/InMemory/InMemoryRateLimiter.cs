using System.Collections.Concurrent;

namespace LlmGateway.Infrastructure.InMemory;

/// <summary>
/// Fixed window per user, with the Redis adapter's semantics: the window opens with the user's first
/// request and lasts its length; a changed window length starts a fresh count. Exact within one process;
/// every request counts, rejected ones too.
/// </summary>
internal sealed class InMemoryRateLimiter(TimeProvider time) : IRateLimiter
{
    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private int _callsSinceSweep;

    public ValueTask<RateLimitDecision> TryAcquireAsync(string userId, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = Math.Max(1, (long)window.TotalMilliseconds);

        var counter = _counters.GetOrAdd(userId, static _ => new Counter());
        int count;
        long windowEnd;
        lock (counter)
        {
            if (now >= counter.WindowEnd || counter.WindowMs != windowMs)
            {
                counter.WindowEnd = now + windowMs;
                counter.WindowMs = windowMs;
                counter.Count = 0;
            }

            count = ++counter.Count;
            windowEnd = counter.WindowEnd;
        }

        if (Interlocked.Increment(ref _callsSinceSweep) >= SweepEvery)
        {
            Sweep(now);
        }

        var decision = new RateLimitDecision(count <= limit, limit, Math.Max(0, limit - count), DateTimeOffset.FromUnixTimeMilliseconds(windowEnd));
        return ValueTask.FromResult(decision);
    }

    // Forget users whose window has ended, so memory follows the active users rather than all users ever seen.
    private void Sweep(long now)
    {
        Interlocked.Exchange(ref _callsSinceSweep, 0);
        foreach (var (userId, counter) in _counters)
        {
            if (Volatile.Read(ref counter.WindowEnd) <= now)
            {
                _counters.TryRemove(new KeyValuePair<string, Counter>(userId, counter));
            }
        }
    }

    private sealed class Counter
    {
        public long WindowEnd;
        public long WindowMs;
        public int Count;
    }
}
