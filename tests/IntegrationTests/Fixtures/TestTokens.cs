using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>Real JWTs signed with the test key — and the forged, tampered and stale ones an attacker would try.</summary>
public static class TestTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A token the gateway must accept, unless <paramref name="customise"/> breaks it.</summary>
    public static string Create(string? subject, object? role, Action<SecurityTokenDescriptor>? customise = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        if (subject is not null)
        {
            claims[JwtRegisteredClaimNames.Sub] = subject;
        }

        if (role is not null)
        {
            claims["role"] = role;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = GatewayApiFactory.JwtIssuer,
            Audience = GatewayApiFactory.JwtAudience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = Signing(GatewayApiFactory.SigningKey, SecurityAlgorithms.HmacSha256),
        };
        customise?.Invoke(descriptor);
        return Handler.CreateToken(descriptor);
    }

    public static SigningCredentials Signing(byte[] key, string algorithm) => new(new SymmetricSecurityKey(key), algorithm);

    /// <summary>A user token whose payload was edited to say "admin"; the signature is the original one.</summary>
    public static string WithRoleEditedToAdmin(string userId)
    {
        var parts = Create(userId, "user").Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["role"] = "admin";
        return string.Join('.', parts[0], Base64UrlEncoder.Encode(payload.ToJsonString()), parts[2]);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise perfect claims for an admin.</summary>
    public static string WithAlgNone(string userId)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["sub"] = userId,
            ["role"] = "admin",
            ["iss"] = GatewayApiFactory.JwtIssuer,
            ["aud"] = GatewayApiFactory.JwtAudience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
        };
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.";
    }
}
