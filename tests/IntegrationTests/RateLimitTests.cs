using System.Net;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>RATE_LIMIT=3 and a one-day window, so the window cannot roll over during a test.</summary>
public sealed class RateLimitTests(RateLimitedGatewayApiFactory factory) : IClassFixture<RateLimitedGatewayApiFactory>
{
    private const int Limit = RateLimitedGatewayApiFactory.RateLimit;

    [Fact]
    public async Task Generate_OverTheLimit_Returns429WithRetryAfterAndRateLimitHeaders()
    {
        using var client = factory.CreateUserClient();
        for (var i = 1; i <= Limit; i++)
        {
            using var allowed = await client.PostGenerateAsync($"request {i} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(Limit, allowed.LongHeader("X-RateLimit-Limit"));
            Assert.Equal(Limit - i, allowed.LongHeader("X-RateLimit-Remaining"));
        }

        using var limited = await client.PostGenerateAsync($"one too many {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter > TimeSpan.Zero, $"Retry-After must be positive, was {retryAfter}");
        Assert.Equal(Limit, limited.LongHeader("X-RateLimit-Limit"));
        Assert.Equal(0, limited.LongHeader("X-RateLimit-Remaining"));
        Assert.True(limited.LongHeader("X-RateLimit-Reset") >= DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Generate_OverTheLimit_IsRefusedEvenWhenItsAnswerIsCached()
    {
        // The cache read starts before the limiter answers; a stored answer must still count against the limit.
        using var client = factory.CreateUserClient();
        var prompt = $"cached {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";
        for (var i = 1; i <= Limit; i++)
        {
            using var allowed = await client.PostGenerateAsync(prompt);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(i == 1 ? "MISS" : "HIT", allowed.Headers.GetValues("X-Cache").Single());
        }

        using var limited = await client.PostGenerateAsync(prompt);

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("BYPASS", limited.Headers.GetValues("X-Cache").Single());
    }

    [Fact]
    public async Task Generate_AnotherUserOverTheLimit_DoesNotAffectThisUser()
    {
        using var noisy = factory.CreateUserClient();
        for (var i = 0; i <= Limit; i++)
        {
            using var _ = await noisy.PostGenerateAsync($"noisy {i} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        }

        using var stillLimited = await noisy.PostGenerateAsync($"noisy again {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);

        using var quiet = factory.CreateUserClient();
        using var response = await quiet.PostGenerateAsync($"quiet {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Limit - 1, response.LongHeader("X-RateLimit-Remaining"));
    }
}
