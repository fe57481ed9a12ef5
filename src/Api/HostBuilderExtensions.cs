using System.Globalization;
using LlmGateway.Api.Configuration;
using LlmGateway.Api.Http;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Formatting.Compact;

namespace LlmGateway.Api;

internal static class HostBuilderExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    /// <summary>Reads <c>.env</c> (below the real environment) and listens on 127.0.0.1:8000 unless told otherwise.</summary>
    public static WebApplicationBuilder AddGatewayConfiguration(this WebApplicationBuilder builder)
    {
        if (DotEnvConfigurationExtensions.FindNearest(Directory.GetCurrentDirectory()) is { } dotEnv)
        {
            builder.Configuration.AddDotEnvFile(dotEnv);
        }

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration["HTTP_PORTS"])
            && string.IsNullOrEmpty(builder.Configuration["HTTPS_PORTS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>Development console lines: time, level, category and the rendered message; the exception below it.</summary>
    private const string DevelopmentConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Serilog to stdout: readable lines in Development (<c>dotnet run</c>), one compact JSON object per line
    /// everywhere else, for log collectors. Levels per namespace come from the "Serilog" section of
    /// configuration; any <c>ILogEventSink</c> registered in DI also receives every event.
    /// </summary>
    public static WebApplicationBuilder AddGatewayLogging(this WebApplicationBuilder builder)
    {
        var readable = builder.Environment.IsDevelopment();
        builder.Logging.ClearProviders();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<Serilog.Core.ILogEventEnricher, RequestLogEnricher>();
        builder.Services.AddSerilog((services, logger) =>
            {
                logger
                    .ReadFrom.Configuration(builder.Configuration)
                    .ReadFrom.Services(services)
                    .Enrich.FromLogContext()
                    .Enrich.With<TraceContextEnricher>();
                if (readable)
                {
                    logger.WriteTo.Console(outputTemplate: DevelopmentConsoleTemplate, formatProvider: CultureInfo.InvariantCulture);
                }
                else
                {
                    logger.WriteTo.Console(new RenderedCompactJsonFormatter());
                }
            },
            // Each host keeps its own logger rather than the process-wide Log.Logger, so hosts sharing a process
            // (tests, benchmarks) neither receive each other's events nor close each other's sinks.
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// Runs until shutdown. A configuration the start-up validation refuses ends the process with exit code 2
    /// and one line per problem, each naming the variable to fix, instead of a stack trace.
    /// </summary>
    public static int RunGateway(this WebApplication app)
    {
        try
        {
            app.Run();
            return 0;
        }
        catch (Exception exception) when (ConfigurationProblems(exception) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"configuration error: {problem}");
            }

            return 2;
        }
    }

    private static List<string> ConfigurationProblems(Exception exception)
    {
        var problems = new List<string>();
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            switch (current)
            {
                case OptionsValidationException validation:
                    problems.AddRange(validation.Failures);
                    break;
                case AggregateException aggregate:
                    aggregate.InnerExceptions.ToList().ForEach(pending.Push);
                    break;
                default:
                    return [];
            }
        }

        return problems;
    }
}
