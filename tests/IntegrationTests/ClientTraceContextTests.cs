using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// A client's trace context (traceparent, tracestate, baggage) and X-Request-Id are not believed unless it sits on a
/// trusted network: the provider sees the gateway's span as the parent and nothing the client sent; the request id
/// is the gateway's.
/// </summary>
public sealed class ClientTraceContextTests(UpstreamGatewayApiFactory gateway) : IClassFixture<UpstreamGatewayApiFactory>
{
    private const string ClientTraceState = "client=tracestate-secret";
    private const string ClientBaggage = "user.password=baggage-secret";

    [Fact]
    public async Task UntrustedClient_TraceContextAndRequestId_NeverReachTheProviderNorNameTheRequest()
    {
        var prompt = FakeOpenAiUpstream.Prompt("ok", "Trace me");
        var clientTrace = ActivityTraceId.CreateRandom();
        using var client = gateway.CreateClientWithToken(gateway.TokenFor(GatewayApiFactory.NewUserId(), "user"));
        using var request = TracedChat(prompt, clientTrace, "client-chosen-id-1");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upstream = gateway.Upstream.LastHeaders(prompt);
        Assert.False(upstream.ContainsKey("tracestate"), $"tracestate went upstream: {upstream.GetValueOrDefault("tracestate")}");
        Assert.False(upstream.ContainsKey("baggage"), $"baggage went upstream: {upstream.GetValueOrDefault("baggage")}");
        Assert.DoesNotContain(upstream.Values, value => value.Contains(clientTrace.ToHexString(), StringComparison.Ordinal));
        Assert.DoesNotContain(upstream.Values, value => value.Contains("secret", StringComparison.Ordinal));
        // The gateway's own span is the parent of the provider call.
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", upstream["traceparent"]);

        var requestId = response.SingleHeader("X-Request-Id");
        Assert.NotEqual("client-chosen-id-1", requestId);
        Assert.DoesNotContain(clientTrace.ToHexString(), requestId, StringComparison.Ordinal);
        Assert.Contains(upstream["traceparent"][3..35], requestId, StringComparison.Ordinal);
    }

    internal static HttpRequestMessage TracedChat(string prompt, ActivityTraceId clientTrace, string requestId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = UpstreamGatewayApiFactory.UpstreamModel, messages = new[] { new { role = "user", content = prompt } } }),
        };
        request.Headers.Add("traceparent", $"00-{clientTrace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        request.Headers.Add("tracestate", ClientTraceState);
        request.Headers.Add("baggage", ClientBaggage);
        request.Headers.Add("X-Request-Id", requestId);
        return request;
    }
}

/// <summary>From a trusted network (TRUSTED_NETWORKS), over a real socket: the client's trace and request id are continued, its baggage still stays here.</summary>
public sealed class TrustedClientTraceContextTests(TrustedKestrelGatewayApiFactory gateway) : IClassFixture<TrustedKestrelGatewayApiFactory>
{
    [Fact]
    public async Task TrustedClient_TraceContinuesUpstreamAndItsRequestIdIsKept_ButNoBaggage()
    {
        var prompt = FakeOpenAiUpstream.Prompt("ok", "Trace me, trusted");
        var clientTrace = ActivityTraceId.CreateRandom();
        var requestId = new string('a', 60) + "-1.b";
        using var client = gateway.CreateSocketClient(gateway.TokenFor(GatewayApiFactory.NewUserId(), "user"));
        using var request = ClientTraceContextTests.TracedChat(prompt, clientTrace, requestId);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upstream = gateway.Upstream.LastHeaders(prompt);
        Assert.Equal(clientTrace.ToHexString(), upstream["traceparent"][3..35]);
        Assert.False(upstream.ContainsKey("baggage"), $"baggage went upstream: {upstream.GetValueOrDefault("baggage")}");
        Assert.Equal(requestId, response.SingleHeader("X-Request-Id"));
    }
}
