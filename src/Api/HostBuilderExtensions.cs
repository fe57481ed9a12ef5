using System.Globalization;
using LlmGateway.Api.Configuration;
using LlmGateway.Api.Http;
using LlmGateway.Api.Telemetry;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace LlmGateway.Api;

internal static class HostBuilderExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    /// <summary>
    /// Reads <c>appsettings.json</c> from the app's own directory, <c>.env</c> (below the real environment), and
    /// listens on 127.0.0.1:8000 unless told otherwise.
    /// </summary>
    public static WebApplicationBuilder AddGatewayConfiguration(this WebApplicationBuilder builder)
    {
        ReadSettingsFilesFromAppDirectory(builder);
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

    /// <summary>
    /// The host looks for <c>appsettings*.json</c> in the content root, which is the working directory unless set:
    /// started from anywhere else the app silently ran without them (and with whatever appsettings.json the working
    /// directory happened to hold). They are read from the directory the app was built or published to instead, in
    /// the same place among the sources (below the environment and the command line). A content root set elsewhere
    /// explicitly (<c>--contentRoot</c>, ASPNETCORE_CONTENTROOT, the integration tests) is kept.
    /// </summary>
    private static void ReadSettingsFilesFromAppDirectory(WebApplicationBuilder builder)
    {
        if (!SameDirectory(builder.Environment.ContentRootPath, Directory.GetCurrentDirectory()))
        {
            return;
        }

        var sources = (IList<IConfigurationSource>)builder.Configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                sources[i] = new JsonConfigurationSource
                {
                    Path = path,
                    Optional = json.Optional,
                    ReloadOnChange = json.ReloadOnChange,
                    FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
                };
            }
        }

        static bool SameDirectory(string a, string b) =>
            string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
    }

    /// <summary>What appsettings.json says too; configuration may change any of them.</summary>
    private static readonly (string Category, LogEventLevel Level)[] DefaultLevels =
    [
        ("Microsoft.AspNetCore", LogEventLevel.Warning),
        ("Microsoft.Hosting.Lifetime", LogEventLevel.Information),
        ("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error),
        ("System.Net.Http.HttpClient", LogEventLevel.Warning),
    ];

    /// <summary>Never below Warning, whatever configuration says: their Information and Debug events carry URLs.</summary>
    private static readonly string[] UrlLoggingCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Server.Kestrel.BadRequests",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.HttpLogging",
        "System.Net.Http.HttpClient",
    ];

    /// <summary>Development console lines: time, level, category and the rendered message; the exception below it.</summary>
    private const string DevelopmentConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Serilog to stdout: readable lines in Development (<c>dotnet run</c>), one compact JSON object per line
    /// everywhere else, for log collectors. Levels per namespace come from the "Serilog" section of
    /// configuration, on top of defaults set here (so a missing appsettings.json still gives one line per request);
    /// any <c>ILogEventSink</c> registered in DI also receives every event.
    /// </summary>
    public static WebApplicationBuilder AddGatewayLogging(this WebApplicationBuilder builder)
    {
        var readable = builder.Environment.IsDevelopment();
        builder.Logging.ClearProviders();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<Serilog.Core.ILogEventEnricher, RequestLogEnricher>();
        builder.Services.AddSerilog((services, logger) =>
            {
                logger.MinimumLevel.Information();
                foreach (var (category, level) in DefaultLevels)
                {
                    logger.MinimumLevel.Override(category, level);
                }

                logger.ReadFrom.Configuration(builder.Configuration);

                // These categories write request URLs (query strings: ?api_key=…&password=…) or request lines; no
                // configuration turns them on. The gateway's own "Request completed" line names the route instead.
                foreach (var category in UrlLoggingCategories)
                {
                    logger.MinimumLevel.Override(category, LogEventLevel.Warning);
                }

                logger
                    .ReadFrom.Services(services)
                    .Enrich.FromLogContext()
                    .Enrich.With<TraceContextEnricher>();
                if (readable)
                {
                    logger.WriteTo.Console(outputTemplate: DevelopmentConsoleTemplate, formatProvider: CultureInfo.InvariantCulture);
                }
                else
                {
                    logger.WriteTo.Sink(
                        new BatchedConsoleSink(new RenderedCompactJsonFormatter(), Console.OpenStandardOutput()),
                        new BatchingOptions { BufferingTimeLimit = BatchedConsoleSink.BufferingTimeLimit });
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
