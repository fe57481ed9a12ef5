using System.Net;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>What every answer carries whatever it is, and what the unauthenticated endpoints must never show.</summary>
[Collection(SharedGateway.Name)]
public sealed class HardeningTests(GatewayApiFactory factory)
{
    public static TheoryData<string, string, string?, string> Answers => new()
    {
        { "GET", "/health", null, "user" },
        { "GET", "/metrics", null, "user" },
        { "POST", "/generate", null, "anonymous" },                       // 401
        { "POST", "/admin/users", """{"user_id":"x"}""", "user" },       // 403
        { "GET", "/no/such/path", null, "user" },                        // 404
        { "DELETE", "/generate", null, "user" },                         // 405
        { "POST", "/generate", "{\"prompt\": ", "user" },                // 400 from the JSON reader
        { "POST", "/generate", "{\"prompt\":\"" + new string('a', 1_100_000) + "\"}", "user" }, // 413
        { "POST", "/v1/chat/completions", "{}", "user" },                // 400 in OpenAI's shape
        { "GET", "/admin/policy", null, "admin" },
        { "GET", "/admin/keys", null, "admin" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task EveryAnswer_CarriesTheSecurityHeadersAndIsNeverCached(string method, string path, string? body, string caller)
    {
        using var client = caller switch
        {
            "admin" => factory.CreateAdminClient(),
            "anonymous" => factory.CreateClient(),
            _ => factory.CreateUserClient(),
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal("nosniff", response.SingleHeader("X-Content-Type-Options"));
        Assert.Equal("DENY", response.SingleHeader("X-Frame-Options"));
        Assert.Equal("no-referrer", response.SingleHeader("Referrer-Policy"));
        Assert.True(response.Headers.CacheControl?.NoStore, $"{method} {path} → {(int)response.StatusCode} without Cache-Control: no-store");
        Assert.False(string.IsNullOrEmpty(response.SingleHeader("X-Request-Id")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("OPTIONS", "/generate")]
    [InlineData("OPTIONS", "/v1/chat/completions")]
    [InlineData("OPTIONS", "/login")]
    [InlineData("GET", "/health")]
    [InlineData("POST", "/generate")]
    public async Task CrossOriginRequest_GetsNoCorsGrant(string method, string path)
    {
        using var client = factory.CreateUserClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { prompt = $"cors {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}" });
        }

        using var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode < 500);
        foreach (var header in new[] { "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods" })
        {
            Assert.False(response.Headers.Contains(header), $"{method} {path} answered {header}");
        }
    }

    [Fact]
    public async Task MetricsAndReadiness_ExposeNoSecretUserOrPrompt()
    {
        var userId = GatewayApiFactory.NewUserId();
        var prompt = $"metrics probe {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";
        using (var user = factory.CreateClientFor(userId, "user"))
        using (var generated = await user.PostGenerateAsync(prompt))
        {
            Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        }

        using (var anonymous = factory.CreateClient())
        using (var failedLogin = await anonymous.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.AdminUserId, password = "guessed-password-1" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, failedLogin.StatusCode);
        }

        using var client = factory.CreateClient();
        var metrics = await client.ScrapeMetricsShowingAsync("gateway_requests_total");
        using var readyResponse = await client.GetAsync("/health/ready");
        var ready = await readyResponse.Content.ReadAsStringAsync();

        Assert.Contains("gateway_requests_total", metrics, StringComparison.Ordinal);
        foreach (var body in new[] { metrics, ready })
        {
            foreach (var secret in new[] { GatewayApiFactory.JwtSecret, GatewayApiFactory.AdminPassword, "guessed-password-1", userId, GatewayApiFactory.AdminUserId, GatewayApiFactory.PromptMarker, "eyJ", "gk_", "password" })
            {
                Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
            }
        }

        HttpAssertions.AssertRevealsNoInternals(ready);
    }

    [Fact]
    public async Task Over_TLS_every_answer_carries_HSTS_and_over_plain_HTTP_none()
    {
        using var tls = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        using var plain = factory.CreateClient();

        using var secure = await tls.GetAsync("/health");
        using var unauthorized = await tls.PostAsync("/generate", null);
        using var insecure = await plain.GetAsync("/health");

        Assert.Equal("max-age=31536000; includeSubDomains", secure.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal("max-age=31536000; includeSubDomains", unauthorized.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(insecure.Headers.Contains("Strict-Transport-Security"));
    }
}
