using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// One named HttpClient per remote deployment and kind of call (chat; embeddings), each with its own resilience
/// pipeline, so retries and the circuit breaker of one deployment never affect another, nor its embeddings its chat;
/// the deployments of one provider share its connection pool (<see cref="ProviderConnections"/>). Outermost first:
/// total budget → retry → breaker → attempt timeout.
/// Retries and the breaker's changes of state are logged here, as they happen; Polly's own telemetry is off.
/// </summary>
internal static partial class ProviderHttpClients
{
    /// <summary>Every attempt of one deployment with its backoffs; after this the chain moves on.</summary>
    public static TimeSpan TotalBudget(ProviderOptions options) =>
        TimeSpan.FromSeconds((options.AttemptTimeoutSeconds * (options.MaxRetries + 1)) + (options.MaxRetries * options.MaxRetryAfterSeconds) + 1);

    /// <summary>
    /// The deployment's chat client and, on an OpenAI-compatible provider, its embeddings client: each with its own
    /// pipeline and breaker (<see cref="DeploymentPlan.EmbeddingsHealth"/>), logged as <c>{label} (embeddings)</c>.
    /// </summary>
    public static void Add(IServiceCollection services, DeploymentPlan deployment, ProviderOptions options)
    {
        var remote = deployment.Remote!;
        Add(services, remote.Name, deployment.HttpClientName, deployment.Label, deployment.Health, options);
        if (remote.Protocol == ProviderProtocol.OpenAi)
        {
            Add(services, remote.Name, deployment.EmbeddingsHttpClientName, $"{deployment.Label} (embeddings)", deployment.EmbeddingsHealth, options);
        }
    }

    private static void Add(IServiceCollection services, string provider, string clientName, string label, DeploymentHealth health, ProviderOptions options) =>
        services.AddHttpClient(clientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The provider's pool, shared by its deployments: PROVIDER_MAX_CONNECTIONS stays a cap per provider.
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<ProviderConnections>().For(provider, options))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's two logging handlers open a logging scope and check levels on every call; the provider
            // chain logs the outcomes that matter (fallbacks, failures) itself.
            .RemoveAllLoggers()
            .AddResilienceHandler(clientName, (builder, context) => Configure(
                builder,
                label,
                health,
                options,
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProviderHttpClients))));

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, string providerName, DeploymentHealth health, ProviderOptions options, ILogger logger)
    {
        // AddResilienceHandler attaches Polly's telemetry listener (logs and metering enrichment of every execution): it
        // cost about 7–9% of a cache miss's CPU even with nothing listening to its meter (bench/README.md, "Polly's
        // telemetry"). The events worth knowing are logged by the callbacks below instead.
        builder.TelemetryListener = null;
        var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
        builder
            .AddTimeout(TotalBudget(options))
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                ShouldRetryAfterHeader = true,
                // 429 and 5xx, timeouts and connection failures — but a Retry-After longer than we are willing to
                // wait means "try another provider", not "wait here".
                ShouldHandle = args => ValueTask.FromResult(
                    options.MaxRetries > 0
                    && HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    && !(args.Outcome.Result is { } response && RetryAfter(response) > maxRetryAfter)),
                OnRetry = args =>
                {
                    LogRetry(logger, providerName, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = options.BreakerMinimumCalls,
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(5, options.BreakSeconds)),
                BreakDuration = TimeSpan.FromSeconds(options.BreakSeconds),
                OnOpened = args =>
                {
                    health.Opened(Environment.TickCount64, args.BreakDuration);
                    LogBreakerOpened(logger, providerName, Describe(args.Outcome), args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    health.Closed();
                    LogBreakerClosed(logger, providerName);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
    }

    /// <summary>The status or the kind of failure — never an exception's message, which may carry the provider's words.</summary>
    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : outcome.Exception?.GetType().Name ?? "unknown";

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Provider {Provider:l}: attempt {Attempt} failed ({Outcome:l}); retrying in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, string provider, int attempt, string outcome, double delayMs);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Provider {Provider:l}: circuit breaker opened after {Outcome:l}; calls are refused for {BreakSeconds:0} s")]
    private static partial void LogBreakerOpened(ILogger logger, string provider, string outcome, double breakSeconds);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Provider {Provider:l}: circuit breaker closed, calls go through again")]
    private static partial void LogBreakerClosed(ILogger logger, string provider);

    /// <summary>
    /// What goes upstream of the trace context: the <c>traceparent</c> of the current (the gateway's) span, and its
    /// <c>tracestate</c> only when a trusted caller's context was continued. Never baggage, which carries whatever
    /// the caller put there.
    /// </summary>
    internal sealed class TraceParentOnly : DistributedContextPropagator
    {
        public static readonly TraceParentOnly Instance = new();

        private static readonly string[] FieldNames = ["traceparent", "tracestate"];

        public override IReadOnlyCollection<string> Fields => FieldNames;

        public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
        {
            if (activity is not { IdFormat: ActivityIdFormat.W3C, Id: { } id } || setter is null)
            {
                return;
            }

            setter(carrier, "traceparent", id);
            if (activity.TraceStateString is { Length: > 0 } state)
            {
                setter(carrier, "tracestate", state);
            }
        }

        public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
        {
            traceId = null;
            traceState = null;
        }

        public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) => null;
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => TimeSpan.Zero,
    };
}
