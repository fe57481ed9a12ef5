using System.Collections.Concurrent;
using System.Net;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// One connection pool per remote provider, shared by the HTTP clients of its deployments (each of which has its own
/// resilience pipeline). Long-lived pooled connections, re-resolved every few minutes, instead of handler rotation.
/// </summary>
internal sealed class ProviderConnections : IDisposable
{
    private readonly ConcurrentDictionary<string, SocketsHttpHandler> _pools = new(StringComparer.Ordinal);

    public HttpMessageHandler For(string provider, ProviderOptions options) => _pools.GetOrAdd(provider, static (_, options) => new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        // A bounded pool: a burst of slow answers queues here instead of opening a socket per request.
        MaxConnectionsPerServer = options.MaxConnectionsPerServer,
        ConnectTimeout = TimeSpan.FromSeconds(Math.Min(options.AttemptTimeoutSeconds, 10)),
        // The provider learns the gateway's span as the parent and nothing else: no tracestate, no baggage.
        ActivityHeadersPropagator = ProviderHttpClients.TraceParentOnly.Instance,
        AutomaticDecompression = DecompressionMethods.All,
        // A provider's redirect is a failure, not an address to send the prompt to (a 307 resends the body).
        AllowAutoRedirect = false,
        EnableMultipleHttp2Connections = true,
    }, options);

    public void Dispose()
    {
        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }
    }
}
