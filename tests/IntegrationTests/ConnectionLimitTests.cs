using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LlmGateway.Api.Http;
using LlmGateway.IntegrationTests.Fixtures;
using LlmGateway.IntegrationTests.OpenAi;
using Microsoft.Extensions.DependencyInjection;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// One user cannot hold the gateway: 3 requests and 2 streams at once per user here (MAX_CONCURRENT_REQUESTS_PER_USER,
/// MAX_CONCURRENT_STREAMS_PER_USER); one more is 429 with Retry-After, while other users go on. A "hang" upstream
/// holds a request for one 5 s attempt, then the local provider answers.
/// </summary>
public sealed class UserConcurrencyTests(UserConcurrencyGatewayApiFactory gateway) : IClassFixture<UserConcurrencyGatewayApiFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Streams_OneMoreThanTheUsersCap_Is429InOpenAisShapeWhileAnotherUserStreams()
    {
        var userId = GatewayApiFactory.NewUserId();
        using var client = gateway.CreateClientFor(userId, "user");
        using var other = gateway.CreateUserClient();
        var hanging = new[] { FakeOpenAiUpstream.Prompt("hang"), FakeOpenAiUpstream.Prompt("hang") };
        var running = hanging.Select(p => client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(p, stream: true))).ToList();
        await WaitUntilAsync(() => hanging.All(p => gateway.Upstream.Attempts(p) >= 1));

        using var refused = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(FakeOpenAiUpstream.Prompt("ok"), stream: true));
        using var otherUser = await other.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(FakeOpenAiUpstream.Prompt("ok"), stream: true));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.SingleHeader("Retry-After"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        using (var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal("rate_limited", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        foreach (var response in await Task.WhenAll(running))
        {
            await response.Content.ReadAsStringAsync();
            response.Dispose();
        }

        // Every slot is given back once the streams ended: the same user streams again.
        await WaitUntilAsync(() => Limiter.Running(userId) == 0);
        using var again = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(FakeOpenAiUpstream.Prompt("ok"), stream: true));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Requests_OneMoreThanTheUsersCap_Is429ProblemWithRetryAfter()
    {
        var userId = GatewayApiFactory.NewUserId();
        using var client = gateway.CreateClientFor(userId, "user");
        var hanging = Enumerable.Range(0, UserConcurrencyGatewayApiFactory.MaxRequests).Select(_ => FakeOpenAiUpstream.Prompt("hang")).ToList();
        var running = hanging.Select(p => client.PostGenerateAsync(p)).ToList();
        await WaitUntilAsync(() => hanging.All(p => gateway.Upstream.Attempts(p) >= 1));

        using var refused = await client.PostGenerateAsync(FakeOpenAiUpstream.Prompt("ok"));

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(refused.Headers.Contains("Retry-After"));
        foreach (var response in await Task.WhenAll(running))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        await WaitUntilAsync(() => Limiter.Running(userId) == 0);
    }

    private UserConcurrencyLimiter Limiter => gateway.Services.GetRequiredService<UserConcurrencyLimiter>();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }
}

/// <summary>
/// Kestrel's connection limits on a real socket: 50 connections at most, idle ones closed after 2 s. Hundreds of idle
/// sockets beyond the cap are shed, and the gateway goes on serving.
/// </summary>
public sealed class ConnectionLimitTests(ConnectionLimitGatewayApiFactory gateway) : IClassFixture<ConnectionLimitGatewayApiFactory>
{
    private const int IdleSockets = 300;

    [Fact]
    public async Task IdleConnectionsFarBeyondTheCap_AreShedAndTheGatewayKeepsServing()
    {
        using var warm = gateway.CreateSocketClient(gateway.TokenFor(GatewayApiFactory.NewUserId(), "user"));
        warm.Timeout = TimeSpan.FromMinutes(3); // a fresh server's first answer is slow on a busy machine
        using (var first = await warm.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var sockets = new List<TcpClient>();
        try
        {
            for (var i = 0; i < IdleSockets; i++)
            {
                var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, gateway.BaseAddress.Port);
                sockets.Add(socket);
            }

            // Over the cap Kestrel closes a connection at once; the rest it closes once idle for the keep-alive timeout.
            var closed = await Task.WhenAll(sockets.Select(s => ClosedByServerWithinAsync(s, TimeSpan.FromSeconds(20))));
            Assert.All(closed, Assert.True);

            using var fresh = gateway.CreateSocketClient(gateway.TokenFor(GatewayApiFactory.NewUserId(), "user"));
            using var health = await fresh.GetAsync("/health");
            using var generated = await fresh.PostGenerateAsync($"after the idle flood {GatewayApiFactory.PromptMarker}");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task ConnectionsOverTheCap_AreClosedAtOnce()
    {
        using var started = gateway.CreateSocketClient();
        started.Timeout = TimeSpan.FromMinutes(3); // a fresh server's first answer is slow on a busy machine
        using (var health = await started.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var sockets = new List<TcpClient>();
        try
        {
            for (var i = 0; i < ConnectionLimitGatewayApiFactory.MaxConnections + 100; i++)
            {
                var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, gateway.BaseAddress.Port);
                sockets.Add(socket);
            }

            // Well inside the keep-alive timeout: only the cap can have closed them.
            var closedAtOnce = await Task.WhenAll(sockets.Select(s => ClosedByServerWithinAsync(s, TimeSpan.FromMilliseconds(1500))));
            Assert.InRange(closedAtOnce.Count(c => c), 100 - 10, 100 + ConnectionLimitGatewayApiFactory.MaxConnections);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private static async Task<bool> ClosedByServerWithinAsync(TcpClient socket, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            var buffer = new byte[64];
            return await socket.GetStream().ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true; // reset by the server
        }
    }
}
