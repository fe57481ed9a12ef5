using System.Collections.Concurrent;

namespace LlmGateway.Infrastructure.InMemory;

/// <summary>
/// <see cref="ILoginThrottle"/> in this process: one entry per (user id, address) pair that failed and one per user
/// id, each a fixed window opened by its first failure. Exact within one process.
/// </summary>
internal sealed class InMemoryLoginThrottle(TimeProvider time) : ILoginThrottle
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, Entry> _pairs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _users = new(StringComparer.Ordinal);
    private int _callsSinceSweep;

    public ValueTask<LoginGate> CheckAsync(string userId, string clientAddress, LoginLimits limits, CancellationToken cancellationToken)
    {
        if (!_pairs.TryGetValue(PairKey(userId, clientAddress), out var pair))
        {
            return ValueTask.FromResult(LoginGate.Open);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        long until;
        lock (pair)
        {
            until = pair.Failures >= limits.MaxFailuresPerClient && now < pair.WindowEnd ? pair.WindowEnd : 0;
            until = Math.Max(until, pair.BlockedUntil);
        }

        return ValueTask.FromResult(until > now ? new LoginGate(false, DateTimeOffset.FromUnixTimeMilliseconds(until)) : LoginGate.Open);
    }

    public ValueTask<long> RecordFailureAsync(string userId, string clientAddress, LoginLimits limits, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)limits.Window.TotalMilliseconds;
        var user = _users.GetOrAdd(userId, static _ => new Entry());
        long failures;
        lock (user)
        {
            failures = user.Count(now, windowMs);
        }

        var pair = _pairs.GetOrAdd(PairKey(userId, clientAddress), static _ => new Entry());
        lock (pair)
        {
            pair.Count(now, windowMs);
            var slowDown = limits.SlowDown(failures);
            if (slowDown > TimeSpan.Zero)
            {
                pair.BlockedUntil = now + (long)slowDown.TotalMilliseconds;
            }
        }

        if (Interlocked.Increment(ref _callsSinceSweep) >= SweepEvery)
        {
            Sweep(now);
        }

        return ValueTask.FromResult(failures);
    }

    public ValueTask RecordSuccessAsync(string userId, string clientAddress, CancellationToken cancellationToken)
    {
        _pairs.TryRemove(PairKey(userId, clientAddress), out _);
        return ValueTask.CompletedTask;
    }

    // '\n' never appears in an address, so two pairs never share a key.
    private static string PairKey(string userId, string clientAddress) => string.Concat(clientAddress, "\n", userId);

    // Forget what has expired, so memory follows recent failures rather than every guess ever made.
    private void Sweep(long now)
    {
        Interlocked.Exchange(ref _callsSinceSweep, 0);
        foreach (var entries in new[] { _pairs, _users })
        {
            foreach (var (key, entry) in entries)
            {
                if (Volatile.Read(ref entry.WindowEnd) <= now && Volatile.Read(ref entry.BlockedUntil) <= now)
                {
                    entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                }
            }
        }
    }

    private sealed class Entry
    {
        public long WindowEnd;
        public long BlockedUntil;
        public long Failures;

        /// <summary>One more failure in the current window (a new one when the last has ended); the count.</summary>
        public long Count(long now, long windowMs)
        {
            if (now >= WindowEnd)
            {
                WindowEnd = now + windowMs;
                Failures = 0;
            }

            return ++Failures;
        }
    }
}
