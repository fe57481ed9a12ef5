using System.Diagnostics.Metrics;
using System.Reflection;
using LlmGateway.Application.Common;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LlmGateway.Api.Telemetry;

/// <summary>
/// OpenTelemetry for the gateway (docs/observability.md). Metrics are always collected and scraped at <c>GET /metrics</c>.
/// Traces are recorded only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set — otherwise no tracer listens and every
/// span of the pipeline costs one listener check. The OTLP exporters read the standard <c>OTEL_*</c> variables
/// themselves (endpoint, protocol, headers, timeouts, <c>OTEL_BSP_*</c> batching, <c>OTEL_METRIC_EXPORT_INTERVAL</c>).
/// </summary>
internal static class TelemetrySetup
{
    public const string DefaultServiceName = "llm-gateway";
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName,
                serviceVersion: ServiceVersion()))
            .WithMetrics(metrics =>
            {
                metrics.AddGatewayMeters().AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });

        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddGatewayInstrumentation(configuration).AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// The gateway's meter, ASP.NET Core's and HttpClient's request metrics, and the runtime's — only this host's
    /// instances. A meter provider listens by meter name across the process, so with several hosts in one process
    /// (the tests) it would also take another host's instruments of the same names; it then shares one stream
    /// between them, and when that host stops and its instruments end, this host's counts vanish with them.
    /// </summary>
    public static MeterProviderBuilder AddGatewayMeters(this MeterProviderBuilder metrics) =>
        metrics.AddMeter(GatewayTelemetry.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddMeter("System.Runtime")
            .ConfigureServices(services => services.ConfigureOpenTelemetryMeterProvider((provider, builder) =>
            {
                var ownMeters = provider.GetRequiredService<IMeterFactory>();
                builder.AddView(instrument => instrument.Meter.Scope is IMeterFactory other && !ReferenceEquals(other, ownMeters)
                    ? MetricStreamConfiguration.Drop
                    : null);
            }));

    /// <summary>The pipeline's spans under ASP.NET Core's request span, provider calls over HttpClient, and Redis commands.</summary>
    public static TracerProviderBuilder AddGatewayInstrumentation(this TracerProviderBuilder tracing, IConfiguration configuration)
    {
        // OpenTelemetry's default propagator (trace context + baggage) makes its ASP.NET Core instrumentation extract
        // the caller's headers a second time and re-parent the request span on them, and set their baggage current:
        // that would undo ClientTraceContext. With the plain W3C propagator it keeps the span the host created.
        Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
        return tracing.AddSource(GatewayTelemetry.SourceName)
            .AddAspNetCoreInstrumentation(options => options.Filter = http => !IsProbe(http.Request.Path))
            .AddHttpClientInstrumentation()
            .AddGatewayRedisInstrumentation(configuration);
    }

    /// <summary>Scrapes and health probes arrive every few seconds and decide nothing: they are not traced.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.Ordinal) || path.StartsWithSegments("/health", StringComparison.Ordinal);

    private static string ServiceVersion() =>
        typeof(TelemetrySetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
