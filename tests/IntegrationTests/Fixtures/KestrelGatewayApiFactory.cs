using System.Globalization;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// The gateway on real Kestrel (WebApplicationFactory.UseKestrel) on a free loopback port, the fake upstream behind it:
/// for what the in-memory test server does not have — Kestrel's own limits on a request head, and sockets a test can
/// reset or close the way a departing client does.
/// </summary>
public sealed class KestrelGatewayApiFactory : UpstreamGatewayApiFactory
{
    public KestrelGatewayApiFactory()
        : this(FreePorts.Next())
    {
    }

    private KestrelGatewayApiFactory(int port)
        : base(new Dictionary<string, string?> { ["urls"] = Url(port) })
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
