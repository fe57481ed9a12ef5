using System.Net;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

[Collection(SharedGateway.Name)]
public sealed class GenerateTests(GatewayApiFactory factory)
{
    private const string AwsAccessKeyId = "AKIAIOSFODNN7EXAMPLE";

    private static string UniquePrompt(string text) => $"{text} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";

    [Theory]
    [InlineData("user")]
    [InlineData("admin")]
    public async Task Generate_AsCaller_ReturnsTheFullAnswerAndHeaders(string role)
    {
        using var client = factory.CreateClientFor(GatewayApiFactory.NewUserId(), role);
        var prompt = UniquePrompt("Write a haiku about gateways");

        using var response = await client.PostGenerateAsync(prompt);
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(prompt, body.GetProperty("response").GetString(), StringComparison.Ordinal);
        Assert.Equal("local", body.GetProperty("provider").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("model").GetString()));
        Assert.False(body.GetProperty("cached").GetBoolean());
        Assert.True(body.GetProperty("policy_version").GetInt64() >= 1);

        var usage = body.GetProperty("usage");
        var promptTokens = usage.GetProperty("prompt_tokens").GetInt32();
        var completionTokens = usage.GetProperty("completion_tokens").GetInt32();
        Assert.True(promptTokens > 0);
        Assert.True(completionTokens > 0);
        Assert.Equal(promptTokens + completionTokens, usage.GetProperty("total_tokens").GetInt32());
        Assert.Empty(body.GetProperty("redactions").EnumerateArray());

        Assert.Equal("MISS", response.SingleHeader("X-Cache"));
        Assert.False(string.IsNullOrEmpty(response.SingleHeader("X-Request-Id")));
        var limit = response.LongHeader("X-RateLimit-Limit");
        Assert.True(limit >= GatewayApiFactory.DefaultRateLimit);
        Assert.Equal(limit - 1, response.LongHeader("X-RateLimit-Remaining"));
        var reset = response.LongHeader("X-RateLimit-Reset");
        Assert.True(reset >= DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), $"X-RateLimit-Reset {reset} lies in the past");
    }

    [Fact]
    public async Task Generate_AsUser_RateLimitHeadersCarryRateLimit()
    {
        using var client = factory.CreateUserClient();

        using var first = await client.PostGenerateAsync(UniquePrompt("first"));
        using var second = await client.PostGenerateAsync(UniquePrompt("second"));

        Assert.Equal(GatewayApiFactory.DefaultRateLimit, first.LongHeader("X-RateLimit-Limit"));
        Assert.Equal(GatewayApiFactory.DefaultRateLimit - 1, first.LongHeader("X-RateLimit-Remaining"));
        Assert.Equal(GatewayApiFactory.DefaultRateLimit - 2, second.LongHeader("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Generate_SameRequestTwice_SecondIsServedFromCache()
    {
        using var client = factory.CreateUserClient();
        var prompt = UniquePrompt("Explain caching in one sentence");

        using var first = await client.PostGenerateAsync(prompt);
        var firstBody = await first.ReadJsonAsync(HttpStatusCode.OK);
        using var second = await client.PostGenerateAsync(prompt);
        var secondBody = await second.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("MISS", first.SingleHeader("X-Cache"));
        Assert.Equal("HIT", second.SingleHeader("X-Cache"));
        Assert.False(firstBody.GetProperty("cached").GetBoolean());
        Assert.True(secondBody.GetProperty("cached").GetBoolean());
        Assert.Equal(firstBody.GetProperty("response").GetString(), secondBody.GetProperty("response").GetString());
        Assert.Equal(firstBody.GetProperty("provider").GetString(), secondBody.GetProperty("provider").GetString());
    }

    [Fact]
    public async Task Generate_WithCacheControlNoCache_IsNotServedFromCache()
    {
        using var client = factory.CreateUserClient();
        var prompt = UniquePrompt("Explain cache bypass in one sentence");
        using var primed = await client.PostGenerateAsync(prompt);
        Assert.Equal(HttpStatusCode.OK, primed.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/generate") { Content = JsonContent.Create(new { prompt }) };
        request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        using var response = await client.SendAsync(request);
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        Assert.NotEqual("HIT", response.SingleHeader("X-Cache"));
        Assert.False(body.GetProperty("cached").GetBoolean());
    }

    [Fact]
    public async Task Generate_PromptWithAwsKey_AnswerHasTheKeyRedacted()
    {
        using var client = factory.CreateUserClient();
        var prompt = UniquePrompt($"My key is {AwsAccessKeyId} please keep it safe");

        using var response = await client.PostGenerateAsync(prompt);
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        var answer = body.GetProperty("response").GetString()!;
        Assert.DoesNotContain(AwsAccessKeyId, answer, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:aws_access_key_id]", answer, StringComparison.Ordinal);
        var redaction = Assert.Single(body.GetProperty("redactions").EnumerateArray());
        Assert.Equal("aws_access_key_id", redaction.GetProperty("type").GetString());
        Assert.Equal(1, redaction.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Generate_PromptWithAwsKeyServedFromCache_IsStillRedacted()
    {
        using var client = factory.CreateUserClient();
        var prompt = UniquePrompt($"Cached key {AwsAccessKeyId}");
        using var first = await client.PostGenerateAsync(prompt);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await client.PostGenerateAsync(prompt);
        var body = await second.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("HIT", second.SingleHeader("X-Cache"));
        Assert.DoesNotContain(AwsAccessKeyId, body.GetProperty("response").GetString(), StringComparison.Ordinal);
        Assert.Equal("aws_access_key_id", Assert.Single(body.GetProperty("redactions").EnumerateArray()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("user", 1)]
    [InlineData("user", 1024)]
    [InlineData("admin", 4096)]
    public async Task Generate_MaxTokensWithinRoleMaximum_AnswerStaysWithinIt(string role, int maxTokens)
    {
        using var client = factory.CreateClientFor(GatewayApiFactory.NewUserId(), role);

        using var response = await client.PostGenerateAsync(UniquePrompt("Count to three"), maxTokens);

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("local", body.GetProperty("provider").GetString());
        Assert.InRange(body.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), 1, maxTokens);
        Assert.Equal(maxTokens < 20 ? "length" : "stop", body.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Generate_Answer_CarriesSecurityHeaders()
    {
        using var client = factory.CreateUserClient();

        using var response = await client.PostGenerateAsync(UniquePrompt("Headers please"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.SingleHeader("X-Content-Type-Options"));
        Assert.True(response.Headers.CacheControl?.NoStore, "Answers must not be stored by shared caches (Cache-Control: no-store).");
    }
}
