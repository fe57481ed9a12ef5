using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LlmGateway.IntegrationTests.Fixtures;
using LlmGateway.IntegrationTests.OpenAi;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// A client that goes away is counted as such (outcome <c>client_closed</c>) wherever it leaves — while sending its
/// body, while the model answers, in the middle of a stream — and never as a failure of its own or of the gateway's:
/// after a load spike the requests still queued when the clients gave up had been counted as validation failures.
/// </summary>
public sealed class ClientClosedTests(KestrelGatewayApiFactory gateway) : IClassFixture<KestrelGatewayApiFactory>
{
    private const string ChatPath = "/v1/chat/completions";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_stops_sending_its_body_is_counted_as_gone_not_as_a_validation_failure(bool reset)
    {
        using var requests = new MetricCapture(gateway.Services);
        using var hosting = new MetricCapture(gateway.Services, "Microsoft.AspNetCore.Hosting");
        using var socket = await ConnectAsync();
        var partial = $$"""{"model":"{{UpstreamGatewayApiFactory.UpstreamModel}}","messages":[{"role":"user","content":"cut short {{GatewayApiFactory.PromptMarker}}""";
        await SendAsync(socket, Head(contentLength: partial.Length + 200) + partial);
        await WaitUntilAsync(() => hosting.Sum("http.server.active_requests") > 0, "the gateway never started the request");

        Leave(socket, reset);

        var outcome = await OutcomeAsync(requests);
        Assert.Equal(("client_closed", "499", ChatPath), outcome);
    }

    [Fact]
    public async Task A_client_that_leaves_while_the_model_answers_is_counted_as_gone()
    {
        using var requests = new MetricCapture(gateway.Services);
        var prompt = FakeOpenAiUpstream.Prompt("hang");
        using var socket = await ConnectAsync();
        var body = OpenAiSdkTests.ChatBody(prompt);
        await SendAsync(socket, Head(Encoding.UTF8.GetByteCount(body)) + body);
        await WaitUntilAsync(() => gateway.Upstream.Attempts(prompt) > 0, "the request never reached the model");

        Leave(socket, reset: false);

        Assert.Equal(("client_closed", "499", ChatPath), await OutcomeAsync(requests));
        await WaitUntilAsync(() => gateway.Upstream.WasAborted(prompt), "the model's call kept running after the client left");
    }

    [Fact]
    public async Task A_client_that_leaves_in_the_middle_of_a_stream_is_counted_as_gone_after_its_200()
    {
        using var requests = new MetricCapture(gateway.Services);
        using var socket = await ConnectAsync();
        var body = OpenAiSdkTests.ChatBody(FakeOpenAiUpstream.Prompt("slow"), stream: true);
        await SendAsync(socket, Head(Encoding.UTF8.GetByteCount(body)) + body);
        var received = new byte[4096];
        var head = Encoding.ASCII.GetString(received, 0, await socket.ReceiveAsync(received));
        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);

        Leave(socket, reset: false);

        Assert.Equal(("client_closed", "200", ChatPath), await OutcomeAsync(requests));
    }

    [Fact]
    public async Task A_malformed_body_is_still_a_validation_failure_and_is_counted_under_its_route()
    {
        using var requests = new MetricCapture(gateway.Services);
        using var socket = await ConnectAsync();
        const string truncatedJson = """{"model":"gpt-test","messages":[{"role":"user","content":"hi""";
        await SendAsync(socket, Head(truncatedJson.Length) + truncatedJson);
        var received = new byte[4096];
        var answer = Encoding.UTF8.GetString(received, 0, await socket.ReceiveAsync(received));

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Equal(("validation_failed", "400", ChatPath), await OutcomeAsync(requests));
    }

    private async Task<Socket> ConnectAsync()
    {
        gateway.StartServer();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, gateway.BaseAddress.Port);
        return socket;
    }

    private string Head(int contentLength) =>
        $"POST {ChatPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {gateway.TokenFor(GatewayApiFactory.NewUserId(), "user")}\r\n"
        + $"Content-Type: application/json\r\nContent-Length: {contentLength.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";

    private static async Task SendAsync(Socket socket, string text) => await socket.SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>A reset (the process died or gave up with unread data) or an orderly close of the socket.</summary>
    private static void Leave(Socket socket, bool reset)
    {
        if (reset)
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        else
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        socket.Close();
    }

    /// <summary>The outcome, status and route of the one chat request the gateway counted.</summary>
    private static async Task<(string Outcome, string Status, string Route)> OutcomeAsync(MetricCapture requests)
    {
        await WaitUntilAsync(() => requests.Values("gateway.requests", ("http.request.method", "POST")).Count > 0, "the request was never counted");
        var counted = Assert.Single(requests.Tags("gateway.requests"), tags => tags["http.request.method"] == "POST");
        return (counted["gateway.outcome"]!, counted["http.response.status_code"]!, counted["http.route"]!);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10), failure);
            await Task.Delay(20);
        }
    }
}
