using LlmGateway.Api.Configuration;
using Serilog;
using Serilog.Formatting.Compact;

namespace LlmGateway.Api;

internal static class HostBuilderExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    /// <summary>Reads <c>.env</c> (below the real environment) and listens on 127.0.0.1:8000 unless told otherwise.</summary>
    public static WebApplicationBuilder AddGatewayConfiguration(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddDotEnvFile(Path.Combine(Directory.GetCurrentDirectory(), ".env"));
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration["HTTP_PORTS"])
            && string.IsNullOrEmpty(builder.Configuration["HTTPS_PORTS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>
    /// Serilog, one JSON object per line on stdout. Levels per namespace come from the "Serilog" section of
    /// configuration; any <c>ILogEventSink</c> registered in DI also receives every event.
    /// </summary>
    public static WebApplicationBuilder AddGatewayLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(new RenderedCompactJsonFormatter()));
        return builder;
    }
}
