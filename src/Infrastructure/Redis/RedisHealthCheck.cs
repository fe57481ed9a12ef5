using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>Readiness: a PING within the call timeout. While the breaker is open the check is itself the probe.</summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.Database.PingAsync();
            redis.Breaker.RecordSuccess();
            return HealthCheckResult.Healthy($"redis: reachable ({latency.TotalMilliseconds:0.0} ms)");
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            redis.Breaker.RecordFailure(exception);
            // The exception text is not echoed: it can name hosts and ports.
            return HealthCheckResult.Unhealthy("redis: unreachable — rate limits fail open, cache misses, policy at last-known-good");
        }
    }
}
