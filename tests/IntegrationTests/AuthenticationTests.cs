using System.Net;
using System.Text;
using LlmGateway.Infrastructure.Auth;
using LlmGateway.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.IntegrationTests;

/// <summary>Every token the gateway must refuse, each with the same 401 body that tells the caller nothing more.</summary>
[Collection(SharedGateway.Name)]
public sealed class AuthenticationTests(GatewayApiFactory factory)
{
    private static readonly byte[] OtherKey = Encoding.UTF8.GetBytes("a-completely-different-hmac-key-that-the-gateway-does-not-know-0123");

    public static TheoryData<string> RejectedTokens =>
    [
        "garbage",
        "role edited to admin",
        "alg none",
        "expired",
        "not yet valid",
        "no exp",
        "wrong issuer",
        "wrong audience",
        "wrong key",
        "HS384 instead of HS256",
        "unknown role superuser",
        "role in wrong case",
        "two roles",
        "no role",
        "no sub",
        "empty sub",
        "RS256 header over an HMAC signature",
        "RS256 signed with the secret's bytes as the key",
        "RS256 with the attacker's key embedded (jwk)",
        "alg None, capitalised",
        "alg none keeping the original signature",
        "no security stamp",
        "another security stamp",
    ];

    // The account exists, as an admin: every refusal comes from the token's own defect.
    private string TokenFor(string scenario)
    {
        var userId = GatewayApiFactory.NewUserId();
        factory.SeedUser(userId, "admin");
        var now = DateTime.UtcNow;
        return scenario switch
        {
            "garbage" => "not-a-jwt-at-all",
            "role edited to admin" => TestTokens.WithRoleEditedToAdmin(userId),
            "alg none" => TestTokens.WithAlgNone(userId),
            "expired" => TestTokens.Create(userId, "user", d => (d.IssuedAt, d.NotBefore, d.Expires) = (now.AddMinutes(-10), now.AddMinutes(-10), now.AddMinutes(-2))),
            "not yet valid" => TestTokens.Create(userId, "user", d => (d.IssuedAt, d.NotBefore, d.Expires) = (now, now.AddMinutes(5), now.AddMinutes(10))),
            "no exp" => TestTokens.Create(userId, "user", d => d.Expires = null),
            "wrong issuer" => TestTokens.Create(userId, "user", d => d.Issuer = "someone-else"),
            "wrong audience" => TestTokens.Create(userId, "user", d => d.Audience = "another-service"),
            "wrong key" => TestTokens.Create(userId, "user", d => d.SigningCredentials = TestTokens.Signing(OtherKey, SecurityAlgorithms.HmacSha256)),
            "HS384 instead of HS256" => TestTokens.Create(userId, "user", d => d.SigningCredentials = TestTokens.Signing(GatewayApiFactory.SigningKey, SecurityAlgorithms.HmacSha384)),
            "unknown role superuser" => TestTokens.Create(userId, "superuser"),
            "role in wrong case" => TestTokens.Create(userId, "Admin"),
            "two roles" => TestTokens.Create(userId, new[] { "user", "admin" }),
            "no role" => TestTokens.Create(userId, role: null),
            "no sub" => TestTokens.Create(subject: null, "user"),
            "empty sub" => TestTokens.Create(string.Empty, "user"),
            "RS256 header over an HMAC signature" => TestTokens.WithHeaderAlgorithm(userId, "RS256"),
            "RS256 signed with the secret's bytes as the key" => TestTokens.SignedAsRs256WithSecretBytes(userId),
            "RS256 with the attacker's key embedded (jwk)" => TestTokens.SignedWithEmbeddedJwk(userId),
            "alg None, capitalised" => TestTokens.WithAlgNone(userId, "None"),
            "alg none keeping the original signature" => TestTokens.WithAlgNone(userId) + TestTokens.Create(userId, "admin").Split('.')[2],
            "no security stamp" => TestTokens.Create(userId, "admin", stamp: null),
            "another security stamp" => TestTokens.Create(userId, "admin", stamp: "a-stamp-the-account-never-had"),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown scenario."),
        };
    }

    [Fact]
    public async Task Generate_WithoutToken_Returns401Unauthorized()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostGenerateAsync($"hello {GatewayApiFactory.PromptMarker}");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task Generate_WithRejectedToken_Returns401Unauthorized(string scenario)
    {
        using var client = factory.CreateClientWithToken(TokenFor(scenario));

        using var response = await client.PostGenerateAsync($"hello {GatewayApiFactory.PromptMarker}");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task CreateUser_WithRejectedToken_Returns401Unauthorized(string scenario)
    {
        using var client = factory.CreateClientWithToken(TokenFor(scenario));

        using var response = await client.PostRawJsonAsync("/admin/users", """{"user_id":"sneaky-user","password":"a-long-enough-password","role":"admin"}""");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task RejectedTokens_AllGetTheSameDetail()
    {
        var details = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scenario in RejectedTokens)
        {
            using var client = factory.CreateClientWithToken(TokenFor(scenario));
            using var response = await client.PostGenerateAsync($"hello {GatewayApiFactory.PromptMarker}");
            var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            details.Add(problem.GetProperty("detail").GetString()!);
        }

        Assert.Single(details);
    }

    [Fact]
    public void JwtBearer_ValidatesWithTheCachingTokenHandlerOnly()
    {
        var options = factory.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

        Assert.IsType<CachingTokenHandler>(Assert.Single(options.TokenHandlers));
    }

    [Fact]
    public async Task CreateUser_WithPayloadEditedToAdminAfterTheGenuineTokenWasAccepted_Returns401()
    {
        // The genuine token's validation is cached; the edited one carries its signature and must not ride on it.
        var userId = GatewayApiFactory.NewUserId();
        var genuine = factory.TokenFor(userId, "user");
        using (var client = factory.CreateClientWithToken(genuine))
        using (var accepted = await client.PostGenerateAsync($"cached {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}"))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var parts = genuine.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        Assert.Contains("\"role\":\"admin\"", payload, StringComparison.Ordinal);
        using var edited = factory.CreateClientWithToken($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}");

        using var response = await edited.PostRawJsonAsync("/admin/users", """{"user_id":"sneaky-user","password":"a-long-enough-password","role":"admin"}""");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Generate_SignedTokenWithUnknownRoleSentTwice_Returns401BothTimes()
    {
        // Its signature is valid, so its validation is cached; the role check runs on every request all the same.
        using var client = factory.CreateClientWithToken(TestTokens.Create(factory.SeedUserAndReturnId(), "superuser"));

        for (var i = 0; i < 2; i++)
        {
            using var response = await client.PostGenerateAsync($"hello {GatewayApiFactory.PromptMarker}");
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task Generate_WithTokenWithinClockSkew_IsAccepted()
    {
        // Expired 10 s ago: inside the 30 s tolerance for clock drift, so still valid.
        var now = DateTime.UtcNow;
        var token = TestTokens.Create(factory.SeedUserAndReturnId(), "user", d => (d.IssuedAt, d.NotBefore, d.Expires) = (now.AddMinutes(-5), now.AddMinutes(-5), now.AddSeconds(-10)));
        using var client = factory.CreateClientWithToken(token);

        using var response = await client.PostGenerateAsync($"skew {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
