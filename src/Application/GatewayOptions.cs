using System.ComponentModel.DataAnnotations;
using LlmGateway.Domain.Policies;
using Microsoft.Extensions.Configuration;

namespace LlmGateway.Application;

/// <summary>Request-path settings, bound from the flat environment names of docs/configuration.md at the configuration root.</summary>
public sealed class GatewayOptions
{
    [ConfigurationKeyName("RATE_LIMIT")]
    [Range(1, 1_000_000_000, ErrorMessage = "RATE_LIMIT must be between 1 and 1000000000.")]
    public int RateLimit { get; set; } = 60;

    [ConfigurationKeyName("RATE_WINDOW")]
    [Range(1, 86_400, ErrorMessage = "RATE_WINDOW must be between 1 and 86400 seconds.")]
    public int RateWindowSeconds { get; set; } = 60;

    [ConfigurationKeyName("CACHE_TTL_SECONDS")]
    [Range(0, 2_592_000, ErrorMessage = "CACHE_TTL_SECONDS must be between 0 (cache off) and 2592000.")]
    public int CacheTtlSeconds { get; set; } = 3600;

    [ConfigurationKeyName("OPENAI_MODEL")]
    [Required(AllowEmptyStrings = false, ErrorMessage = "OPENAI_MODEL must not be empty.")]
    public string DefaultModel { get; set; } = "gpt-4o-mini";

    [ConfigurationKeyName("MAX_PROMPT_CHARS")]
    [Range(1, 1_000_000, ErrorMessage = "MAX_PROMPT_CHARS must be between 1 and 1000000.")]
    public int MaxPromptChars { get; set; } = 32_000;

    /// <summary>Used when a request gives no <c>max_tokens</c>; capped by the role's maximum.</summary>
    [ConfigurationKeyName("DEFAULT_MAX_TOKENS")]
    [Range(1, 1_000_000, ErrorMessage = "DEFAULT_MAX_TOKENS must be between 1 and 1000000.")]
    public int DefaultMaxTokens { get; set; } = 256;

    /// <summary>
    /// Failed logins for one user id from one client address per <see cref="LoginWindowSeconds"/>; that address then
    /// waits for the window's end, for that user id only.
    /// </summary>
    [ConfigurationKeyName("LOGIN_MAX_ATTEMPTS")]
    [Range(1, 1_000_000, ErrorMessage = "LOGIN_MAX_ATTEMPTS must be between 1 and 1000000.")]
    public int LoginMaxAttempts { get; set; } = 10;

    /// <summary>
    /// Failed logins for one user id from all addresses per window before the slow-down: each further failing
    /// address then waits <see cref="LoginSlowDownSeconds"/>, doubled with every failure, up to the window.
    /// </summary>
    [ConfigurationKeyName("LOGIN_SLOWDOWN_AFTER")]
    [Range(1, 1_000_000, ErrorMessage = "LOGIN_SLOWDOWN_AFTER must be between 1 and 1000000.")]
    public int LoginSlowDownAfter { get; set; } = 10;

    [ConfigurationKeyName("LOGIN_SLOWDOWN_SECONDS")]
    [Range(0.001, 3600, ErrorMessage = "LOGIN_SLOWDOWN_SECONDS must be between 0.001 and 3600.")]
    public double LoginSlowDownSeconds { get; set; } = 1;

    /// <summary>Login attempts per client address per <see cref="LoginWindowSeconds"/>, whatever the user ids tried.</summary>
    [ConfigurationKeyName("LOGIN_MAX_ATTEMPTS_PER_CLIENT")]
    [Range(1, 1_000_000, ErrorMessage = "LOGIN_MAX_ATTEMPTS_PER_CLIENT must be between 1 and 1000000.")]
    public int LoginMaxAttemptsPerClient { get; set; } = 100;

    [ConfigurationKeyName("LOGIN_WINDOW_SECONDS")]
    [Range(1, 86_400, ErrorMessage = "LOGIN_WINDOW_SECONDS must be between 1 and 86400.")]
    public int LoginWindowSeconds { get; set; } = 300;

    /// <summary>What the provider receives as OpenAI's <c>user</c>: a pseudonym of the caller (default), the client's value, or nothing.</summary>
    [ConfigurationKeyName("END_USER_ID")]
    public EndUserIdMode EndUserId { get; set; } = EndUserIdMode.Pseudonym;

    /// <summary>The key of the end-user pseudonym; unset, one is derived from <see cref="SigningSecret"/>.</summary>
    [ConfigurationKeyName("END_USER_ID_KEY")]
    public string? EndUserIdKey { get; set; }

    /// <summary>The token signing secret, read here only to derive the pseudonym key when END_USER_ID_KEY is unset.</summary>
    [ConfigurationKeyName("JWT_SECRET")]
    public string? SigningSecret { get; set; }

    /// <summary>Label the spend metrics with the API key id too (one series per key: only for a bounded number of keys).</summary>
    [ConfigurationKeyName("METRICS_KEY_ID_LABEL")]
    public bool MetricsKeyIdLabel { get; set; }

    /// <summary>How many days of the daily spend record Redis keeps for the usage report.</summary>
    [ConfigurationKeyName("SPEND_RETENTION_DAYS")]
    [Range(1, 3660, ErrorMessage = "SPEND_RETENTION_DAYS must be between 1 and 3660.")]
    public int SpendRetentionDays { get; set; } = 400;

    [ConfigurationKeyName("INSECURE_DEV_LOGIN")]
    public bool InsecureDevLogin { get; set; }

    /// <summary>Limits for a role the live policy does not mention.</summary>
    public RoleLimits FallbackLimits() => new() { RateLimit = RateLimit, RateWindowSeconds = RateWindowSeconds };

    /// <summary>The policy a store starts from (docs/configuration.md), with the user limits from RATE_LIMIT/RATE_WINDOW.</summary>
    public PolicyDocument DefaultPolicyDocument() => DefaultPolicy.Create(RateLimit, RateWindowSeconds);
}
