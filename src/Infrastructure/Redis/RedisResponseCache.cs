using System.Text.Json;
using LlmGateway.Application;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Filtered answers as source-generated JSON under <c>cache:{sha256}</c> with CACHE_TTL_SECONDS. Redis down,
/// slow or holding something unreadable: a miss, never an error. Writes do not wait for Redis.
/// </summary>
internal sealed class RedisResponseCache(RedisConnection redis, IOptions<GatewayOptions> options) : IResponseCache
{
    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(options.Value.CacheTtlSeconds);

    public async ValueTask<Completion?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        if (_ttl <= TimeSpan.Zero || !redis.Breaker.TryEnter())
        {
            return null;
        }

        RedisValue value;
        try
        {
            value = await redis.Database.StringGetAsync(redis.Keys.Cache(key));
            redis.Breaker.RecordSuccess();
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            redis.Breaker.RecordFailure(exception);
            return null;
        }

        if (value.IsNull)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((byte[])value!, RedisJsonContext.Default.Completion);
        }
        catch (JsonException)
        {
            // Written by an incompatible version: treat as a miss; the next answer overwrites it.
            return null;
        }
    }

    public ValueTask SetAsync(string key, Completion completion, CancellationToken cancellationToken)
    {
        // Fire-and-forget: the outcome is never known here, so a write never probes a broken Redis.
        if (_ttl > TimeSpan.Zero && redis.Breaker.IsClosed)
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(completion, RedisJsonContext.Default.Completion);
            try
            {
                redis.Database.StringSet(redis.Keys.Cache(key), payload, _ttl, flags: CommandFlags.FireAndForget);
            }
            catch (Exception exception) when (RedisConnection.IsFailure(exception))
            {
                redis.Breaker.RecordFailure(exception);
            }
        }

        return ValueTask.CompletedTask;
    }
}
