using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Readiness: a PING within the call timeout, and a policy loaded from Redis — an instance still on the
/// built-in default (v0) is not ready, it would enforce the wrong policy. While the breaker is open the
/// check is itself the probe.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis, RedisPolicyStore policies) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.Database.PingAsync();
            redis.Breaker.RecordSuccess();
            if (policies.Current.Version == 0)
            {
                await policies.RefreshAsync();
            }

            return policies.Current.Version == 0
                ? HealthCheckResult.Unhealthy("redis: reachable, but the live policy is not loaded yet")
                : HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"redis: reachable ({latency.TotalMilliseconds:0.0} ms)"));
        }
        catch (StoreUnavailableException)
        {
            return HealthCheckResult.Unhealthy("redis: reachable, but the live policy could not be read");
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            redis.Breaker.RecordFailure(exception);
            // The exception text is not echoed: it can name hosts and ports.
            return HealthCheckResult.Unhealthy("redis: unreachable — rate limits fail open, cache misses, policy at last-known-good");
        }
    }
}
