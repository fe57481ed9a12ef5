using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Fixed window per user, counted by one atomic script (INCR and PEXPIRE together) so every instance
/// shares one counter: N requests are allowed across all of them, never N+1. The window opens with the
/// first request and lasts its length (Redis' own clock, so instance clocks do not matter). Redis down
/// or slow: the request is allowed (fail-open), marked as such.
/// </summary>
internal sealed class RedisRateLimiter(RedisConnection redis, TimeProvider time) : IRateLimiter
{
    // Returns {count in this window, milliseconds until the window ends}.
    private static readonly RedisScript Script = new("""
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
        end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {count, ttl}
        """);

    public async ValueTask<RateLimitDecision> TryAcquireAsync(string userId, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var windowMs = Math.Max(1, (long)window.TotalMilliseconds);
        if (!redis.Breaker.TryEnter())
        {
            return FailedOpen(limit, windowMs);
        }

        try
        {
            var result = (RedisResult[])(await Script.EvaluateAsync(redis.Database, [redis.Keys.RateLimit(userId, windowMs)], [windowMs]))!;
            redis.Breaker.RecordSuccess();
            var count = (long)result[0];
            var resetAt = time.GetUtcNow().AddMilliseconds((long)result[1]);
            return new RateLimitDecision(count <= limit, limit, (int)Math.Clamp(limit - count, 0, limit), resetAt);
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            redis.Breaker.RecordFailure(exception);
            return FailedOpen(limit, windowMs);
        }
    }

    private RateLimitDecision FailedOpen(int limit, long windowMs) =>
        new(true, limit, limit, time.GetUtcNow().AddMilliseconds(windowMs), FailedOpen: true);
}
