using System.Globalization;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// The gateway on real Kestrel (WebApplicationFactory.UseKestrel) on a free loopback port, the fake upstream behind it:
/// for what the in-memory test server does not have — Kestrel's own limits on a request head, and sockets a test can
/// reset or close the way a departing client does.
/// </summary>
public class KestrelGatewayApiFactory : UpstreamGatewayApiFactory
{
    public KestrelGatewayApiFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    protected KestrelGatewayApiFactory(IReadOnlyDictionary<string, string?> overrides)
        : this(FreePorts.Next(), overrides)
    {
    }

    private KestrelGatewayApiFactory(int port, IReadOnlyDictionary<string, string?> overrides)
        : base(new Dictionary<string, string?>(overrides) { ["urls"] = Url(port) })
    {
        BaseAddress = new Uri(Url(port));
        UseKestrel(port);
    }

    public Uri BaseAddress { get; }

    /// <summary>A client over a real socket, not the in-memory handler.</summary>
    public HttpClient CreateSocketClient(string? bearer = null)
    {
        StartServer();
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    private static string Url(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>The gateway on real Kestrel with 127.0.0.0/8 trusted (TRUSTED_NETWORKS): its test clients' trace context and request ids are believed.</summary>
public sealed class TrustedKestrelGatewayApiFactory() : KestrelGatewayApiFactory(new Dictionary<string, string?>
{
    ["TRUSTED_NETWORKS"] = "127.0.0.0/8, ::1",
});

/// <summary>The gateway on real Kestrel with a cap of 50 connections, idle ones closed after 2 s, for the connection tests.</summary>
public sealed class ConnectionLimitGatewayApiFactory() : KestrelGatewayApiFactory(new Dictionary<string, string?>
{
    ["MAX_CONCURRENT_CONNECTIONS"] = MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["KEEP_ALIVE_TIMEOUT_SECONDS"] = "2",
})
{
    public const int MaxConnections = 50;
}
