using System.ClientModel;
using System.Diagnostics;
using System.Net;
using LlmGateway.IntegrationTests.Fixtures;
using OpenAI.Chat;
using Xunit.Abstractions;

namespace LlmGateway.IntegrationTests.OpenAi;

/// <summary>
/// Every failure class of the primary provider, with the built-in local provider behind it: the chain moves on,
/// says so, never caches the fallback answer, and no request waits past its budget.
/// </summary>
public sealed class ProviderFallbackTests(UpstreamGatewayApiFactory gateway, ITestOutputHelper output) : IClassFixture<UpstreamGatewayApiFactory>
{
    /// <summary>How the fault table names each scripted upstream failure.</summary>
    internal static string Fault(string scenario) => scenario switch
    {
        "500" => "upstream answers 500",
        "hang" => "upstream hangs (no answer)",
        "malformed" => "upstream answers malformed JSON",
        "429long" => "upstream answers 429 with Retry-After: 120",
        "cut" => "upstream cuts a stream mid-way",
        "error-event" => "upstream sends an error event mid-stream",
        _ => scenario,
    };

    /// <summary>
    /// Sends healthy requests until one is served by the primary again; the time it took. The fault tests call it
    /// right after the failed request's answer, i.e. when the fault (scripted per request) has ended.
    /// </summary>
    internal static Task<TimeSpan> PrimaryServesAgainAsync(HttpClient client) =>
        RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var healthy = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(FakeOpenAiUpstream.Prompt("ok")));
                return healthy.StatusCode == HttpStatusCode.OK && healthy.Headers.GetValues("X-Gateway-Provider").Single() == "openai";
            },
            TimeSpan.FromSeconds(10),
            "the primary provider did not serve again after the fault",
            TimeSpan.FromMilliseconds(50));

    /// <summary>Attempt budget 1 s, one retry, Retry-After up to 2 s: even the slowest case is served well within this.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);

    [Theory]
    [InlineData("500")]
    [InlineData("hang")]
    [InlineData("malformed")]
    [InlineData("429long")]
    public async Task A_failing_primary_falls_back_to_the_local_provider_and_the_answer_says_so(string scenario)
    {
        var prompt = FakeOpenAiUpstream.Prompt(scenario);
        using var client = gateway.CreateUserClient();
        var started = Stopwatch.GetTimestamp();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(prompt));

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(Stopwatch.GetElapsedTime(started) < Budget, $"{scenario}: the fallback took {Stopwatch.GetElapsedTime(started)}.");
        var decisions = body.GetProperty("gateway");
        Assert.Equal("local", decisions.GetProperty("provider").GetString());
        Assert.True(decisions.GetProperty("fallback").GetBoolean());
        Assert.Equal("local", response.Headers.GetValues("X-Gateway-Provider").Single());
        Assert.Equal("local-echo", body.GetProperty("model").GetString());
        Assert.True(gateway.Upstream.Attempts(prompt) >= 1, "The primary was never tried.");
        Assert.Contains("Provider fallback: openai failed", gateway.Logs.Text, StringComparison.Ordinal);

        var servedIn = Stopwatch.GetElapsedTime(started);
        var recovery = await PrimaryServesAgainAsync(client);
        output.Recovered(Fault(scenario), $"200 from the local provider (fallback: true, X-Gateway-Provider: local) in {servedIn.TotalMilliseconds:0} ms; after: the next request served by openai", recovery);
    }

    [Fact]
    public async Task A_redirect_from_the_provider_is_not_followed_so_the_prompt_goes_nowhere_else()
    {
        var prompt = FakeOpenAiUpstream.Prompt("redirect");
        using var client = gateway.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(prompt));

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, gateway.Upstream.Attempts(prompt));
        Assert.False(gateway.Upstream.RedirectFollowed(prompt), "The gateway sent the prompt on to the redirect's Location.");
        Assert.True(body.GetProperty("gateway").GetProperty("fallback").GetBoolean());
    }

    [Fact]
    public async Task A_429_whose_Retry_After_is_too_long_is_not_waited_for()
    {
        var prompt = FakeOpenAiUpstream.Prompt("429long");
        using var client = gateway.CreateUserClient();
        var started = Stopwatch.GetTimestamp();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(prompt));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, gateway.Upstream.Attempts(prompt));
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2), "Retry-After: 120 must send the request to the next provider, not make it wait.");
    }

    [Fact]
    public async Task A_fallback_answer_is_never_cached()
    {
        var prompt = FakeOpenAiUpstream.Prompt("500");
        using var client = gateway.CreateUserClient();

        using var first = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(prompt));
        using var second = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(prompt));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("MISS", first.Headers.GetValues("X-Cache").Single());
        Assert.Equal("MISS", second.Headers.GetValues("X-Cache").Single());
        Assert.True((await second.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("gateway").GetProperty("fallback").GetBoolean());
    }

    [Theory]
    [InlineData("500")]
    [InlineData("hang")]
    [InlineData("malformed")]
    public async Task A_stream_whose_primary_fails_before_its_first_chunk_is_served_by_the_local_provider(string scenario)
    {
        var prompt = FakeOpenAiUpstream.Prompt(scenario);
        var text = new System.Text.StringBuilder();

        await foreach (var update in gateway.CreateSdkChatClient().CompleteChatStreamingAsync([new UserChatMessage(prompt)]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.StartsWith("[local provider: offline", text.ToString(), StringComparison.Ordinal);
        Assert.Contains(GatewayApiFactory.PromptMarker, text.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cut")]
    [InlineData("error-event")]
    public async Task A_stream_broken_mid_way_ends_with_an_error_event_and_no_DONE(string scenario)
    {
        using var client = gateway.CreateUserClient();

        var (body, _) = await OpenAiSdkTests.ReadStreamAsync(client, FakeOpenAiUpstream.Prompt(scenario));

        // The gateway's own error, not the upstream's message, and no sign that the answer was whole.
        Assert.True(body.Contains("\"code\":\"provider_unavailable\"", StringComparison.Ordinal), body);
        Assert.DoesNotContain("[DONE]", body, StringComparison.Ordinal);
        Assert.DoesNotContain("scripted upstream failure", body, StringComparison.Ordinal);

        // The next stream is whole again, from the primary.
        var faultEnded = Stopwatch.GetTimestamp();
        var (next, headers) = await OpenAiSdkTests.ReadStreamAsync(client, FakeOpenAiUpstream.Prompt("ok"));
        Assert.EndsWith("data: [DONE]\n\n", next, StringComparison.Ordinal);
        Assert.Equal("openai", headers.GetValues("X-Gateway-Provider").Single());
        output.Recovered(Fault(scenario), "the stream ends with an error event (provider_unavailable), no [DONE]; after: the next stream whole, from openai", Stopwatch.GetElapsedTime(faultEnded));
    }

    [Fact]
    public async Task The_dotnet_sdk_sees_a_stream_cut_mid_way_end_without_a_finish_reason()
    {
        // The OpenAI .NET SDK skips the error event (the Python SDK raises APIError on it); what it sees is an answer
        // that never finished — and no half of anything the filter had not cleared.
        ChatFinishReason? finish = null;
        await foreach (var update in gateway.CreateSdkChatClient().CompleteChatStreamingAsync([new UserChatMessage(FakeOpenAiUpstream.Prompt("cut"))]))
        {
            finish = update.FinishReason ?? finish;
        }

        Assert.Null(finish);
    }
}

/// <summary>No local fallback: a failing upstream and a spent rate limit reach the SDK as its usual exceptions.</summary>
public sealed class ProviderUnavailableTests(NoFallbackGatewayApiFactory gateway, ITestOutputHelper output) : IClassFixture<NoFallbackGatewayApiFactory>
{
    [Fact]
    public async Task All_providers_failing_is_a_503_provider_unavailable_naming_the_failure_not_the_upstream_body()
    {
        using var client = gateway.CreateUserClient();
        using var response = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(FakeOpenAiUpstream.Prompt("500")));

        var error = (await response.ReadJsonAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("error");
        Assert.Equal("provider_unavailable", error.GetProperty("code").GetString());
        Assert.Contains("openai: HTTP 500", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("scripted upstream failure", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        var recovery = await ProviderFallbackTests.PrimaryServesAgainAsync(client);
        output.Recovered(ProviderFallbackTests.Fault("500") + ", no local fallback", "503 provider_unavailable naming \"openai: HTTP 500\"; after: the next request served by openai", recovery);
    }

    [Fact]
    public async Task The_sdk_sees_a_503_for_a_failed_stream_before_any_byte_was_sent()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in gateway.CreateSdkChatClient().CompleteChatStreamingAsync([new UserChatMessage(FakeOpenAiUpstream.Prompt("hang"))]))
            {
            }
        });

        Assert.Equal(503, error.Status);
    }
}

public sealed class ProviderCircuitBreakerTests(CircuitBreakerGatewayApiFactory gateway, ITestOutputHelper output) : IClassFixture<CircuitBreakerGatewayApiFactory>
{
    [Fact]
    public async Task A_provider_that_keeps_failing_is_skipped_by_its_circuit_breaker_until_a_trial_call_succeeds()
    {
        using var client = gateway.CreateAdminClient();
        var before = 0;
        for (var i = 0; i < 2; i++)
        {
            // Two requests of two attempts each (one retry): four failed calls.
            var prompt = FakeOpenAiUpstream.Prompt("500");
            using var failing = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(prompt));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
            before += gateway.Upstream.Attempts(prompt);
        }

        // The breaker opened: the next request fails at once, without reaching the upstream.
        var skipped = FakeOpenAiUpstream.Prompt("500");
        using var response = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(skipped));

        var error = (await response.ReadJsonAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("error");
        Assert.Contains("circuit open", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, gateway.Upstream.Attempts(skipped));
        Assert.Equal(4, before);
        Assert.Contains("Provider openai: circuit breaker opened after HTTP 500", gateway.Logs.Text, StringComparison.Ordinal);

        // After the break (2 s) one trial call goes through; it succeeds and the breaker closes again. Until then every
        // healthy request is refused at once without reaching the upstream.
        var healthy = string.Empty;
        var refusedWhileOpen = 0;
        var recovery = await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                healthy = FakeOpenAiUpstream.Prompt("ok");
                using var attempt = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(healthy));
                if (attempt.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }

                Assert.Equal(HttpStatusCode.ServiceUnavailable, attempt.StatusCode);
                Assert.Equal(0, gateway.Upstream.Attempts(healthy));
                refusedWhileOpen++;
                return false;
            },
            TimeSpan.FromSeconds(10),
            "the breaker never let a trial call through after its break",
            TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, gateway.Upstream.Attempts(healthy));
        output.Recovered(
            "upstream answers 500s until the breaker opens (4 failed calls, break 2 s), no local fallback",
            $"503 provider_unavailable \"circuit open\" at once, upstream not called ({refusedWhileOpen} healthy requests refused while open); after: the trial call served by openai, breaker closed",
            recovery);
        using var next = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(FakeOpenAiUpstream.Prompt("ok")));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Contains("Provider openai: circuit breaker closed", gateway.Logs.Text, StringComparison.Ordinal);
    }
}

/// <summary>Its own gateway (RATE_LIMIT=3, no provider failures), so no breaker opened by other tests gets in the way.</summary>
public sealed class RateLimitedSdkTests(NoFallbackGatewayApiFactory gateway) : IClassFixture<NoFallbackGatewayApiFactory>
{
    [Fact]
    public async Task A_spent_rate_limit_is_the_sdks_429_with_Retry_After()
    {
        var token = gateway.TokenFor(GatewayApiFactory.NewUserId(), "user");
        var chat = gateway.CreateSdkChatClient(token);
        for (var i = 0; i < 3; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage(FakeOpenAiUpstream.Prompt("ok"))]);
        }

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage(FakeOpenAiUpstream.Prompt("ok"))]));

        Assert.Equal(429, error.Status);
        var raw = error.GetRawResponse()!;
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter) && int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("\"type\":\"rate_limit_error\"", raw.Content.ToString(), StringComparison.Ordinal);
    }
}

public sealed class ProviderChainTests(ChainGatewayApiFactory gateway) : IClassFixture<ChainGatewayApiFactory>
{
    [Fact]
    public async Task A_failing_primary_is_followed_by_the_next_configured_provider_before_the_local_one()
    {
        using var client = gateway.CreateUserClient();
        var prompt = FakeOpenAiUpstream.Prompt("500");

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(prompt));

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ollama", body.GetProperty("gateway").GetProperty("provider").GetString());
        Assert.True(body.GetProperty("gateway").GetProperty("fallback").GetBoolean());
        Assert.Equal(FakeOpenAiUpstream.AnswerText, body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        using var sent = gateway.Upstream.LastRequest(prompt);
        Assert.Equal(FakeOpenAiUpstream.HealthyModel, sent.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task The_model_list_has_every_member_of_the_chain()
    {
        using var client = gateway.CreateUserClient();
        using var response = await client.GetAsync("/v1/models");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        var owners = body.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("owned_by").GetString()).ToList();
        Assert.Equal(["openai", "ollama", "local"], owners);
    }
}

/// <summary>Its own gateway, because it switches the live policy to withholding answers with secrets.</summary>
public sealed class StreamBlockTests(UpstreamGatewayApiFactory gateway) : IClassFixture<UpstreamGatewayApiFactory>
{
    [Fact]
    public async Task Under_redaction_action_block_a_secret_mid_stream_ends_it_with_policy_denied_and_no_DONE()
    {
        using var admin = gateway.CreateAdminClient();
        await admin.ChangePolicyAsync(policy => policy["redaction"]!["action"] = "block");
        using var client = gateway.CreateUserClient();

        var (body, _) = await OpenAiSdkTests.ReadStreamAsync(client, FakeOpenAiUpstream.Prompt("secret"));

        Assert.Contains("\"code\":\"policy_denied\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", body, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeOpenAiUpstream.Secret[..8], body, StringComparison.Ordinal);
    }
}
