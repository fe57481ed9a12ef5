using Microsoft.Extensions.Configuration;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>Token settings, bound from the flat environment names of docs/configuration.md at the configuration root.</summary>
public sealed class JwtOptions
{
    public const int MinimumSecretBytes = 32;

    /// <summary>HMAC key. Unset: a random per-process key in Development; start-up refused elsewhere.</summary>
    [ConfigurationKeyName("JWT_SECRET")]
    public string? Secret { get; set; }

    [ConfigurationKeyName("JWT_ISSUER")]
    public string Issuer { get; set; } = "llm-gateway";

    [ConfigurationKeyName("JWT_AUDIENCE")]
    public string Audience { get; set; } = "llm-gateway";

    [ConfigurationKeyName("JWT_EXPIRY_MINUTES")]
    public int ExpiryMinutes { get; set; } = 60;

    /// <summary>Tolerance for clock drift between issuer and validator.</summary>
    public static TimeSpan ClockSkew { get; } = TimeSpan.FromSeconds(30);
}
