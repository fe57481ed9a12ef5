using System.ComponentModel.DataAnnotations;

namespace LlmGateway.Api;

/// <summary>The edge's settings: body cap, connection limits, per-user concurrency, trusted networks, the log fingerprint key.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>A log fingerprint key shorter than this is refused: it would be guessable.</summary>
    public const int MinFingerprintKeyLength = 32;

    [ConfigurationKeyName("MAX_REQUEST_BODY_BYTES")]
    [Range(1024, 64L * 1024 * 1024, ErrorMessage = "MAX_REQUEST_BODY_BYTES must be between 1024 and 67108864.")]
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>Open connections Kestrel keeps; beyond it a new connection is closed at once.</summary>
    [ConfigurationKeyName("MAX_CONCURRENT_CONNECTIONS")]
    [Range(1, 1_000_000, ErrorMessage = "MAX_CONCURRENT_CONNECTIONS must be between 1 and 1000000.")]
    public long MaxConcurrentConnections { get; set; } = 10_000;

    /// <summary>Connections upgraded to another protocol (WebSockets); the gateway serves none, so few.</summary>
    [ConfigurationKeyName("MAX_CONCURRENT_UPGRADED_CONNECTIONS")]
    [Range(0, 1_000_000, ErrorMessage = "MAX_CONCURRENT_UPGRADED_CONNECTIONS must be between 0 and 1000000.")]
    public long MaxConcurrentUpgradedConnections { get; set; } = 100;

    /// <summary>An idle connection (none of its requests running) is closed after this.</summary>
    [ConfigurationKeyName("KEEP_ALIVE_TIMEOUT_SECONDS")]
    [Range(1, 3600, ErrorMessage = "KEEP_ALIVE_TIMEOUT_SECONDS must be between 1 and 3600.")]
    public int KeepAliveTimeoutSeconds { get; set; } = 60;

    /// <summary>The time a client has to send a request's headers once it began.</summary>
    [ConfigurationKeyName("REQUEST_HEADERS_TIMEOUT_SECONDS")]
    [Range(1, 600, ErrorMessage = "REQUEST_HEADERS_TIMEOUT_SECONDS must be between 1 and 600.")]
    public int RequestHeadersTimeoutSeconds { get; set; } = 15;

    /// <summary>Requests of one user running at once in this process (streams included); beyond it 429.</summary>
    [ConfigurationKeyName("MAX_CONCURRENT_REQUESTS_PER_USER")]
    [Range(1, 100_000, ErrorMessage = "MAX_CONCURRENT_REQUESTS_PER_USER must be between 1 and 100000.")]
    public int MaxConcurrentRequestsPerUser { get; set; } = 64;

    /// <summary>Streamed chat completions of one user open at once in this process; beyond it 429.</summary>
    [ConfigurationKeyName("MAX_CONCURRENT_STREAMS_PER_USER")]
    [Range(1, 100_000, ErrorMessage = "MAX_CONCURRENT_STREAMS_PER_USER must be between 1 and 100000.")]
    public int MaxConcurrentStreamsPerUser { get; set; } = 16;

    /// <summary>
    /// Comma-separated CIDR ranges (or single addresses) whose requests may carry their own trace context and
    /// X-Request-Id. Empty: no client is believed.
    /// </summary>
    [ConfigurationKeyName("TRUSTED_NETWORKS")]
    public string? TrustedNetworks { get; set; }

    /// <summary>The HMAC key of the prompt fingerprints in the logs; unset → a random key per process.</summary>
    [ConfigurationKeyName("LOG_FINGERPRINT_KEY")]
    public string? LogFingerprintKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Http.TrustedNetworks.TryParse(TrustedNetworks, out _, out var bad))
        {
            yield return new ValidationResult($"TRUSTED_NETWORKS: '{bad}' is not an IP address or a CIDR range such as 10.0.0.0/8.", [nameof(TrustedNetworks)]);
        }

        if (LogFingerprintKey is { Length: > 0 and < MinFingerprintKeyLength })
        {
            yield return new ValidationResult($"LOG_FINGERPRINT_KEY must be at least {MinFingerprintKeyLength} characters.", [nameof(LogFingerprintKey)]);
        }
    }
}
