using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmGateway.Infrastructure.Health;

/// <summary>In-memory mode has no external state to lose; it reports itself so operators see the mode.</summary>
internal sealed class InMemoryStateHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy("in-memory: rate limits, cache, policy and users are local to this process"));
}
