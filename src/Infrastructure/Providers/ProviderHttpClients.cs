using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// One named HttpClient per remote provider, each with its own resilience pipeline, so retries and the circuit
/// breaker of one provider never affect another. Outermost first: total budget → retry → breaker → attempt timeout.
/// </summary>
internal static class ProviderHttpClients
{
    /// <summary>Every attempt of one provider with its backoffs; after this the chain moves on.</summary>
    public static TimeSpan TotalBudget(ProviderOptions options) =>
        TimeSpan.FromSeconds((options.AttemptTimeoutSeconds * (options.MaxRetries + 1)) + (options.MaxRetries * options.MaxRetryAfterSeconds) + 1);

    public static void Add(IServiceCollection services, RemoteProvider provider, ProviderOptions options)
    {
        services.AddHttpClient(provider.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // Long-lived pooled connections (re-resolved every few minutes) instead of handler rotation: the
            // provider adapter keeps its HttpClient for the life of the process.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                AutomaticDecompression = DecompressionMethods.All,
                // A provider's redirect is a failure, not an address to send the prompt to (a 307 resends the body).
                AllowAutoRedirect = false,
                EnableMultipleHttp2Connections = true,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's two logging handlers open a logging scope and check levels on every call; the provider
            // chain logs the outcomes that matter (fallbacks, failures) itself.
            .RemoveAllLoggers()
            .AddResilienceHandler(provider.HttpClientName, builder => Configure(builder, options));
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ProviderOptions options)
    {
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
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = options.BreakerMinimumCalls,
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(5, options.BreakSeconds)),
                BreakDuration = TimeSpan.FromSeconds(options.BreakSeconds),
            })
            .AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => TimeSpan.Zero,
    };
}
