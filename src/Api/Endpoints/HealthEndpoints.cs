using LlmGateway.Api.Contracts;
using LlmGateway.Application.Ports;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmGateway.Api.Endpoints;

internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new HealthResponse("ok")))
            .AllowAnonymous()
            .WithTags("Health")
            .WithName("Health")
            .WithSummary("Liveness: 200 while the process is up.");

        app.MapGet("/health/ready", ReadinessAsync)
            .AllowAnonymous()
            .WithTags("Health")
            .WithName("Readiness")
            .WithSummary("Readiness: 200 or 503, with the state of each dependency.")
            .Produces<ReadinessResponse>()
            .Produces<ReadinessResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> ReadinessAsync(HealthCheckService health, IPolicyStore policies, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = new Dictionary<string, ReadinessCheck>(report.Entries.Count, StringComparer.Ordinal);
        foreach (var (name, entry) in report.Entries)
        {
            // Descriptions are written by our own checks; exception messages are never echoed.
            checks[name] = new ReadinessCheck(Name(entry.Status), entry.Description);
        }

        var unavailable = report.Status == HealthStatus.Unhealthy;
        return TypedResults.Json(
            new ReadinessResponse(unavailable ? "unavailable" : "ready", policies.Current.Version, checks),
            ApiJsonContext.Default.ReadinessResponse,
            statusCode: unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
