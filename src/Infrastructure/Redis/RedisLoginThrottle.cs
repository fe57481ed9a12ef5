using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// <see cref="ILoginThrottle"/> shared by every instance: per user id a failure counter, and per (user id, address)
/// a failure counter and a slow-down key whose TTL is the wait. A user's keys share one hash tag (a hash of the
/// user id: attacker-chosen text never becomes a key name), so each script runs on Redis Cluster. Redis down or
/// slow: login is allowed (fail-open, like the rate limiter); the account store answers for itself.
/// </summary>
internal sealed class RedisLoginThrottle(RedisConnection redis, TimeProvider time) : ILoginThrottle
{
    // KEYS: pair failures, pair wait. ARGV: max failures per pair. Returns the milliseconds to wait (0: go ahead).
    private static readonly RedisScript Check = new("""
        local wait = redis.call('PTTL', KEYS[2])
        if wait < 0 then wait = 0 end
        local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
        if failures >= tonumber(ARGV[1]) then
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl > wait then wait = ttl end
        end
        return wait
        """);

    // KEYS: user failures, pair failures, pair wait. ARGV: window ms, slow-down threshold, first delay ms.
    // Counts the failure for the pair and the user; past the threshold the pair waits as LoginLimits.SlowDown says.
    // Returns the user's failures in the window.
    private static readonly RedisScript Failure = new("""
        local function count(key)
          local n = redis.call('INCR', key)
          if n == 1 or redis.call('PTTL', key) < 0 then
            redis.call('PEXPIRE', key, ARGV[1])
          end
          return n
        end
        count(KEYS[2])
        local failures = count(KEYS[1])
        local over = failures - tonumber(ARGV[2])
        if over > 0 then
          local delay = math.min(tonumber(ARGV[3]) * 2 ^ math.min(over - 1, 30), tonumber(ARGV[1]))
          redis.call('SET', KEYS[3], '1', 'PX', math.max(1, math.floor(delay)))
        end
        return failures
        """);

    public async ValueTask<LoginGate> CheckAsync(string userId, string clientAddress, LoginLimits limits, CancellationToken cancellationToken)
    {
        if (!redis.Breaker.TryEnter())
        {
            return LoginGate.Open;
        }

        try
        {
            var (pair, wait) = PairKeys(userId, clientAddress);
            var waitMs = (long)await Check.EvaluateAsync(redis.Database, [pair, wait], [limits.MaxFailuresPerClient]);
            redis.Breaker.RecordSuccess();
            return waitMs > 0 ? new LoginGate(false, time.GetUtcNow().AddMilliseconds(waitMs)) : LoginGate.Open;
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            redis.Breaker.RecordFailure(exception);
            return LoginGate.Open;
        }
    }

    public async ValueTask<long> RecordFailureAsync(string userId, string clientAddress, LoginLimits limits, CancellationToken cancellationToken)
    {
        if (!redis.Breaker.TryEnter())
        {
            return 0;
        }

        try
        {
            var (pair, wait) = PairKeys(userId, clientAddress);
            var failures = (long)await Failure.EvaluateAsync(
                redis.Database,
                [UserKey(userId), pair, wait],
                [(long)limits.Window.TotalMilliseconds, limits.SlowDownAfter, (long)limits.FirstDelay.TotalMilliseconds]);
            redis.Breaker.RecordSuccess();
            return failures;
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            redis.Breaker.RecordFailure(exception);
            return 0;
        }
    }

    public async ValueTask RecordSuccessAsync(string userId, string clientAddress, CancellationToken cancellationToken)
    {
        if (!redis.Breaker.TryEnter())
        {
            return;
        }

        try
        {
            var (pair, wait) = PairKeys(userId, clientAddress);
            await redis.Database.KeyDeleteAsync([pair, wait]);
            redis.Breaker.RecordSuccess();
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            redis.Breaker.RecordFailure(exception);
        }
    }

    private RedisKey UserKey(string userId) => redis.Keys.LoginFailures(Tag(userId));

    private (RedisKey Pair, RedisKey Wait) PairKeys(string userId, string clientAddress)
    {
        var tag = Tag(userId);
        return (redis.Keys.LoginPairFailures(tag, clientAddress), redis.Keys.LoginPairWait(tag, clientAddress));
    }

    private static string Tag(string userId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId))[..16]);
}
