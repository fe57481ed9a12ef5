using LlmGateway.Application.Ports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmGateway.Api.Controllers;

[ApiController]
[AllowAnonymous]
[Route("health")]
[Tags("Health")]
public sealed class HealthController(HealthCheckService health, IPolicyStore policies) : ControllerBase
{
    /// <summary>Liveness: 200 while the process is up.</summary>
    [HttpGet(Name = "Health")]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status200OK)]
    public HealthResponse Live() => new("ok");

    /// <summary>Readiness: 200 or 503, with the state of each dependency.</summary>
    [HttpGet("ready", Name = "Readiness")]
    [ProducesResponseType<ReadinessResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ReadinessResponse>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> ReadyAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = new Dictionary<string, ReadinessCheck>(report.Entries.Count, StringComparer.Ordinal);
        foreach (var (name, entry) in report.Entries)
        {
            // Descriptions are written by our own checks; exception messages are never echoed.
            checks[name] = new ReadinessCheck(Name(entry.Status), entry.Description);
        }

        var unavailable = report.Status == HealthStatus.Unhealthy;
        return StatusCode(
            unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK,
            new ReadinessResponse(unavailable ? "unavailable" : "ready", policies.Current.Version, checks));
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
