using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>Redis settings, bound from the flat names of docs/configuration.md. Redis mode is on when REDIS_HOST or REDIS_CONFIGURATION is set.</summary>
public sealed class RedisOptions
{
    public const int MaxCredentialCacheMilliseconds = 1000;

    [ConfigurationKeyName("REDIS_HOST")]
    public string? Host { get; set; }

    [ConfigurationKeyName("REDIS_PORT")]
    public int Port { get; set; } = 6379;

    [ConfigurationKeyName("REDIS_PASSWORD")]
    public string? Password { get; set; }

    /// <summary>A full StackExchange.Redis configuration string (TLS, Sentinel, Cluster...); wins over host, port and password.</summary>
    [ConfigurationKeyName("REDIS_CONFIGURATION")]
    public string? Configuration { get; set; }

    /// <summary>Upper bound for one Redis call on the request path.</summary>
    [ConfigurationKeyName("REDIS_TIMEOUT_MS")]
    public int TimeoutMilliseconds { get; set; } = 250;

    /// <summary>
    /// true: replies are read and written on two threads of the client's own per connection, so a reply is handled when it
    /// arrives even while the thread pool's queue is long (a load spike: nothing Redis answered times out). false: on the
    /// thread pool, one thread hand-off less per call (0.1–0.2 ms less latency when the gateway is not overloaded).
    /// docs/performance.md, "Thread hand-offs per request".
    /// </summary>
    [ConfigurationKeyName("REDIS_DEDICATED_THREADS")]
    public bool DedicatedThreads { get; set; } = true;

    /// <summary>Prefix of every key and channel, so several gateways (or environments) can share one Redis.</summary>
    [ConfigurationKeyName("REDIS_KEY_PREFIX")]
    public string KeyPrefix { get; set; } = "llmgw:";

    /// <summary>How often each instance checks the live policy version, covering missed change messages.</summary>
    [ConfigurationKeyName("POLICY_REFRESH_SECONDS")]
    public int PolicyRefreshSeconds { get; set; } = 5;

    /// <summary>
    /// How long an instance answers an account or API key from memory before asking Redis again. Changes made through the
    /// API reach every instance at once by pub/sub; this bounds a change whose message was lost or that was written to
    /// Redis by hand. At most 1 s, so every lifecycle change is in force everywhere within 1 s whatever happens.
    /// </summary>
    [ConfigurationKeyName("CREDENTIAL_CACHE_MILLISECONDS")]
    public int CredentialCacheMilliseconds { get; set; } = MaxCredentialCacheMilliseconds;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Host) || !string.IsNullOrWhiteSpace(Configuration);

    public ConfigurationOptions ToConfigurationOptions()
    {
        var options = string.IsNullOrWhiteSpace(Configuration)
            ? new ConfigurationOptions { EndPoints = { { Host!, Port } }, Password = string.IsNullOrEmpty(Password) ? null : Password }
            : ConfigurationOptions.Parse(Configuration);

        // Start and keep running while Redis is down; fail calls at once instead of queueing them behind a
        // reconnect; bound every call by the short timeout.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = Math.Max(1000, TimeoutMilliseconds * 4);
        options.SyncTimeout = TimeoutMilliseconds;
        options.AsyncTimeout = TimeoutMilliseconds;
        options.ConnectRetry = 1;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        options.ClientName ??= "llm-gateway";
        return options;
    }

    // Keeps the password out of anything that prints the options.
    public override string ToString() => $"RedisOptions {{ Host = {Host}, Port = {Port}, Configuration = {(Configuration is null ? "unset" : "set")} }}";
}
