using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>Real JWTs signed with the test key — and the forged, tampered and stale ones an attacker would try.</summary>
public static class TestTokens
{
    /// <summary>
    /// The security stamp every account the fixtures seed carries, and every token minted here: a token is accepted only
    /// for an existing, enabled account with the same stamp (<c>GatewayApiFactory.SeedUser</c> creates one).
    /// </summary>
    public const string Stamp = "integration-tests-seeded-stamp";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// A token the gateway must accept if its account exists with <paramref name="stamp"/> (see
    /// <c>GatewayApiFactory.CreateClientFor</c>), unless <paramref name="customise"/> breaks it.
    /// </summary>
    public static string Create(string? subject, object? role, Action<SecurityTokenDescriptor>? customise = null, string? stamp = Stamp)
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

        if (stamp is not null)
        {
            claims["stamp"] = stamp;
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
    public static string WithAlgNone(string userId, string algorithm = "none")
    {
        var header = new JsonObject { ["alg"] = algorithm, ["typ"] = "JWT" };
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(AdminPayload(userId).ToJsonString())}.";
    }

    /// <summary>HS/RS confusion: the header claims <paramref name="algorithm"/>, the signature is a valid HMAC-SHA256 with the gateway's secret.</summary>
    public static string WithHeaderAlgorithm(string userId, string algorithm)
    {
        var header = new JsonObject { ["alg"] = algorithm, ["typ"] = "JWT" };
        var signingInput = $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(AdminPayload(userId).ToJsonString())}";
        using var hmac = new System.Security.Cryptography.HMACSHA256(GatewayApiFactory.SigningKey);
        return $"{signingInput}.{Base64UrlEncoder.Encode(hmac.ComputeHash(System.Text.Encoding.ASCII.GetBytes(signingInput)))}";
    }

    /// <summary>
    /// The classic confusion the other way round: RS256 "verified" with a key whose bytes are the HMAC secret. The gateway
    /// has no RSA key at all, so the attacker signs RS256 with an RSA key and hopes the secret is tried as its public half.
    /// </summary>
    public static string SignedAsRs256WithSecretBytes(string userId)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = System.Text.Encoding.UTF8.GetString(GatewayApiFactory.SigningKey) };
        return Handler.CreateToken(AdminDescriptor(userId, new SigningCredentials(key, SecurityAlgorithms.RsaSha256)));
    }

    /// <summary>RS256 signed by the attacker, whose public key rides in the header (<c>jwk</c>) for a naive verifier to trust.</summary>
    public static string SignedWithEmbeddedJwk(string userId)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var descriptor = AdminDescriptor(userId, new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256));
        descriptor.AdditionalHeaderClaims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["jwk"] = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["kty"] = "RSA",
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent!),
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus!),
            },
        };
        return Handler.CreateToken(descriptor);
    }

    private static SecurityTokenDescriptor AdminDescriptor(string userId, SigningCredentials credentials)
    {
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = GatewayApiFactory.JwtIssuer,
            Audience = GatewayApiFactory.JwtAudience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Claims = new Dictionary<string, object>(StringComparer.Ordinal) { [JwtRegisteredClaimNames.Sub] = userId, ["role"] = "admin" },
            SigningCredentials = credentials,
        };
    }

    private static JsonObject AdminPayload(string userId)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["sub"] = userId,
            ["role"] = "admin",
            ["iss"] = GatewayApiFactory.JwtIssuer,
            ["aud"] = GatewayApiFactory.JwtAudience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
        };
    }
}
