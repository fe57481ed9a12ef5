using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// One gateway instance in Redis mode. Several of them in one test process act as separate gateways sharing one
/// Redis: same JWT_SECRET (tokens work on all), same REDIS_KEY_PREFIX (same state), each with its own multiplexer,
/// policy snapshot and refresh loop.
/// </summary>
public sealed class RedisGatewayApiFactory(IReadOnlyDictionary<string, string?> settings) : GatewayApiFactory(settings)
{
    /// <summary>The defaults of every Redis-mode instance in the tests, before the test class's own settings.</summary>
    public static Dictionary<string, string?> Defaults(string keyPrefix) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["REDIS_KEY_PREFIX"] = keyPrefix,

        // Generous for a busy two-core machine: a call that times out fails open, which would make exact counts
        // flaky. The outage tests set the short timeout they are about.
        ["REDIS_TIMEOUT_MS"] = "1000",
        ["POLICY_REFRESH_SECONDS"] = "1",
    };

    /// <summary>Starts the host now; WebApplicationFactory would otherwise start it on first use.</summary>
    public RedisGatewayApiFactory Started()
    {
        _ = Server;
        return this;
    }
}

/// <summary>
/// A Redis and gateway instances on it, for one test class. Each fixture has its own key prefix, so classes never
/// see each other's state, even on one shared server.
/// </summary>
public class RedisGatewaysFixture : IAsyncLifetime
{
    private readonly List<RedisGatewayApiFactory> _gateways = [];
    private IReadOnlyDictionary<string, string?> _redisSettings = new Dictionary<string, string?>();
    private RedisServer? _redis;

    public string KeyPrefix { get; } = $"it-{Guid.NewGuid():N}:";

    /// <summary>The single Redis server (not set when a subclass provides a cluster instead).</summary>
    public RedisServer Redis => _redis ?? throw new InvalidOperationException("This fixture has no single Redis server.");

    /// <summary>The first instance.</summary>
    public RedisGatewayApiFactory A => _gateways[0];

    /// <summary>The second instance.</summary>
    public RedisGatewayApiFactory B => _gateways[1];

    /// <summary>The instance started <paramref name="index"/>-th (0 = <see cref="A"/>).</summary>
    public RedisGatewayApiFactory Instance(int index) => _gateways[index];

    /// <summary>How many instances start with the fixture.</summary>
    protected virtual int InitialInstances => 2;

    /// <summary>A Redis the tests may stop and start (never the shared configured one).</summary>
    protected virtual bool NeedsRestartableRedis => false;

    /// <summary>The class's own settings, on top of <see cref="RedisGatewayApiFactory.Defaults"/>.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        _redisSettings = await StartRedisAsync();

        // One after the other: the first seeds the policy, the next ones load it.
        for (var i = 0; i < InitialInstances; i++)
        {
            StartInstance();
        }

        await WaitUntilInSyncAsync();
        await OnInstancesStartedAsync();
    }

    /// <summary>
    /// Waits until every instance is ready and enforces the same published version. A process that has just started
    /// can miss its first connection under load (it then starts on the built-in default policy, v0, and fails open
    /// until it reconnects), which would otherwise leak into the first test of the class.
    /// </summary>
    public async Task WaitUntilInSyncAsync()
    {
        var versions = new long[_gateways.Count];
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                for (var i = 0; i < _gateways.Count; i++)
                {
                    using var client = _gateways[i].CreateClient();
                    var (status, body) = await client.ReadinessAsync();
                    versions[i] = status == HttpStatusCode.OK ? body.GetProperty("policy_version").GetInt64() : -1;
                }

                return versions.All(v => v >= 1 && v == versions[0]);
            },
            TimeSpan.FromSeconds(20),
            "the instances never became ready on one policy version",
            TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Starts one more instance on the same Redis and key prefix (started and ready to serve).</summary>
    public RedisGatewayApiFactory StartInstance(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = RedisGatewayApiFactory.Defaults(KeyPrefix);
        foreach (var source in (IReadOnlyDictionary<string, string?>[])[_redisSettings, Settings, overrides ?? new Dictionary<string, string?>()])
        {
            foreach (var (key, value) in source)
            {
                settings[key] = value;
            }
        }

        var gateway = new RedisGatewayApiFactory(settings);
        _gateways.Add(gateway);
        return gateway.Started();
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await StopRedisAsync();
    }

    /// <summary>Runs once the initial instances serve, e.g. to publish the class's starting policy.</summary>
    protected virtual Task OnInstancesStartedAsync() => Task.CompletedTask;

    /// <summary>Starts the Redis for this class and returns the gateway settings that point at it.</summary>
    protected virtual async Task<IReadOnlyDictionary<string, string?>> StartRedisAsync()
    {
        _redis = await RedisServer.AcquireAsync(NeedsRestartableRedis);
        return _redis.GatewaySettings;
    }

    protected virtual async Task StopRedisAsync()
    {
        if (_redis is not null)
        {
            await _redis.DeleteKeysAsync(KeyPrefix);
            await _redis.DisposeAsync();
        }
    }
}

/// <summary>Readiness as the Redis tests read it, and the polling they need for what is eventually consistent (the policy API is <see cref="PolicyApi"/>).</summary>
public static class RedisGatewayCalls
{
    /// <summary>GET /health/ready: status code, body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> ReadinessAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    public static async Task<long> PolicyVersionAsync(this HttpClient client) =>
        (await client.ReadinessAsync()).Body.GetProperty("policy_version").GetInt64();

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes (then fails with <paramref name="what"/>);
    /// returns how long it took, from the call until the first check that held (the fault tests report it as recovery time).
    /// </summary>
    public static async Task<TimeSpan> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Assert.Fail($"Not within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s: {what}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20));
        }

        return Stopwatch.GetElapsedTime(started);
    }
}
