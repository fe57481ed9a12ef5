using System.Text.Json;
using LlmGateway.Application;
using LlmGateway.Domain.Policies;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// The live policy shared by every instance. Versions live in one Redis hash (<c>{policy}:versions</c>,
/// the last <see cref="HistoryLimit"/> of them) and the live version number in <c>{policy}:meta</c>; one
/// script publishes atomically (If-Match check, next version, history trim, change message). Each
/// instance compiles a new version once into an immutable snapshot and swaps the reference — on the
/// change message, and on a periodic version check that covers missed messages. The request path only
/// reads <see cref="Current"/>: it never waits on Redis, and a Redis outage leaves the last-known-good
/// version in force.
/// </summary>
internal sealed partial class RedisPolicyStore : IPolicyStore, IPolicyAdministration, IHostedService, IDisposable
{
    public const int HistoryLimit = 100;

    // KEYS: versions hash, meta hash. ARGV: expected version ('' = any), the version body JSON, history
    // limit, change channel. Returns {1, new version} or {0, live version} when the expectation is stale.
    internal static readonly RedisScript PublishScript = new("""
        local current = tonumber(redis.call('HGET', KEYS[2], 'current') or '0')
        if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= current then
          return {0, current}
        end
        local next = current + 1
        redis.call('HSET', KEYS[1], tostring(next), '{"version":' .. next .. ',' .. string.sub(ARGV[2], 2))
        redis.call('HSET', KEYS[2], 'current', next)
        local expired = next - tonumber(ARGV[3])
        if expired >= 1 then
          redis.call('HDEL', KEYS[1], tostring(expired))
        end
        redis.call('PUBLISH', ARGV[4], next)
        return {1, next}
        """);

    // KEYS: versions hash, meta hash. ARGV: version, its complete JSON, change channel. Puts back a version
    // that Redis lost (restart without persistence, eviction) unless Redis already has that version or a later one.
    private static readonly RedisScript RestoreScript = new("""
        local current = tonumber(redis.call('HGET', KEYS[2], 'current') or '0')
        local version = tonumber(ARGV[1])
        if current >= version then
          return {0, current}
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HSET', KEYS[2], 'current', version)
        redis.call('PUBLISH', ARGV[3], version)
        return {1, version}
        """);

    // KEYS: versions hash, meta hash. Returns the live version's JSON, or nil before the first publish.
    private static readonly RedisScript ReadLiveScript = new("""
        local current = redis.call('HGET', KEYS[2], 'current')
        if not current then
          return false
        end
        return redis.call('HGET', KEYS[1], current)
        """);

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisPolicyStore> _logger;
    private readonly TeamPolicies _teams;
    private readonly RoleLimits _fallbackLimits;
    private readonly TimeSpan _refreshInterval;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private volatile InForce _inForce;
    private Task? _refreshLoop;
    private bool _disposed;
    private bool _subscribed;

    public RedisPolicyStore(
        RedisConnection redis,
        IOptions<GatewayOptions> gatewayOptions,
        IOptions<RedisOptions> redisOptions,
        TimeProvider time,
        TeamPolicies teams,
        ILogger<RedisPolicyStore> logger)
    {
        _redis = redis;
        _teams = teams;
        _time = time;
        _logger = logger;
        var gateway = gatewayOptions.Value;
        _fallbackLimits = gateway.FallbackLimits();
        _refreshInterval = TimeSpan.FromSeconds(Math.Max(1, redisOptions.Value.PolicyRefreshSeconds));

        // Until Redis has answered, the built-in default policy is in force, as version 0.
        var seed = PolicyCompiler.Compile(gateway.DefaultPolicyDocument(), 0, _fallbackLimits);
        _teams.GlobalChanged(seed);
        _inForce = new InForce(seed, null);
        _redis.Restored += OnRedisRestored;
    }

    public PolicySnapshot Current => _inForce.Snapshot;

    public PolicySnapshot ForTeam(string teamId) => _teams.For(teamId) ?? _inForce.Snapshot;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await TrySubscribeAsync();
        try
        {
            await RefreshAsync();
        }
        catch (StoreUnavailableException)
        {
            LogStartedWithDefault(_logger);
        }

        _refreshLoop = RefreshPeriodicallyAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host torn down in a hurry (test fixtures) may dispose its services before stopping them.
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_refreshLoop is not null)
        {
            await _refreshLoop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        _redis.Restored -= OnRedisRestored;
        _stopping.Dispose();
        _refreshGate.Dispose();
    }

    public async ValueTask<PolicyVersionRecord> GetCurrentAsync(CancellationToken cancellationToken)
    {
        if (await ReadLiveAsync() is { } live)
        {
            return live;
        }

        // Nothing published yet (a fresh or flushed Redis): seed it and read it back.
        await RefreshAsync();
        return await GetCurrentAsync(cancellationToken);
    }

    public async ValueTask<PolicyVersionRecord?> GetVersionAsync(long version, CancellationToken cancellationToken)
    {
        var value = await CallAsync(db => db.HashGetAsync(_redis.Keys.PolicyVersions, version));
        return value.IsNull ? null : ToRecord((byte[])value!);
    }

    public async ValueTask<IReadOnlyList<PolicyVersionRecord>> GetHistoryAsync(int limit, CancellationToken cancellationToken)
    {
        var entries = await CallAsync(db => db.HashValuesAsync(_redis.Keys.PolicyVersions));
        var records = new List<PolicyVersionRecord>(entries.Length);
        foreach (var entry in entries)
        {
            records.Add(ToRecord((byte[])entry!));
        }

        records.Sort(static (a, b) => b.Version.CompareTo(a.Version));
        return records.Count > limit ? records[..limit] : records;
    }

    public async ValueTask<PolicyPublishResult> PublishAsync(PolicyDocument document, string updatedBy, long? expectedVersion, CancellationToken cancellationToken)
    {
        var updatedAt = _time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(new PolicyVersionBody(document, updatedBy, updatedAt), RedisJsonContext.Default.PolicyVersionBody);
        RedisValue expected = expectedVersion is { } version ? version : string.Empty;
        var result = (RedisResult[])(await CallAsync(db => PublishScript.EvaluateAsync(
            db,
            [_redis.Keys.PolicyVersions, _redis.Keys.PolicyMeta],
            [expected, body, HistoryLimit, _redis.Keys.PolicyChanged.ToString()])))!;

        var liveVersion = (long)result[1];
        if ((long)result[0] == 0)
        {
            return new PolicyPublishResult(null, liveVersion);
        }

        // This instance enforces its own change at once; the others follow on the change message.
        var record = new PolicyVersionRecord(liveVersion, document, updatedBy, updatedAt);
        Swap(record);
        return new PolicyPublishResult(record, liveVersion);
    }

    /// <summary>
    /// Brings this instance and Redis in line. Versions only move forward: a later version in Redis is
    /// compiled and swapped in; an earlier one (or none) means Redis lost data, and the version in force here
    /// is put back — so the highest version any instance has seen wins, and numbers never go backwards.
    /// An instance that never loaded a version seeds an empty Redis with the default policy.
    /// </summary>
    internal async Task RefreshAsync()
    {
        await TrySubscribeAsync();
        await _refreshGate.WaitAsync();
        try
        {
            var liveRecord = await ReadLiveAsync();
            var inForce = _inForce;
            if (liveRecord is not null && liveRecord.Version >= inForce.Snapshot.Version)
            {
                Swap(liveRecord);
            }
            else if (inForce.Record is { } known)
            {
                LogRestoring(_logger, known.Version, liveRecord?.Version ?? 0);
                var json = JsonSerializer.SerializeToUtf8Bytes(
                    new StoredPolicyVersion(known.Version, known.Document, known.UpdatedBy, known.UpdatedAt),
                    RedisJsonContext.Default.StoredPolicyVersion);
                await CallAsync(db => RestoreScript.EvaluateAsync(
                    db,
                    [_redis.Keys.PolicyVersions, _redis.Keys.PolicyMeta],
                    [known.Version, json, _redis.Keys.PolicyChanged.ToString()]));
            }
            else if (liveRecord is null)
            {
                await PublishAsync(inForce.Snapshot.Document, "system", expectedVersion: 0, CancellationToken.None);
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private void Swap(PolicyVersionRecord record)
    {
        var previous = _inForce.Snapshot;
        if (record.Version <= previous.Version && _inForce.Record is not null)
        {
            return;
        }

        PolicySnapshot compiled;
        try
        {
            compiled = PolicyCompiler.Compile(record.Document, record.Version, _fallbackLimits);
        }
        catch (ArgumentException exception)
        {
            // Validation stops such documents at the API; one written to Redis by hand must not replace a good one.
            LogUncompilable(_logger, exception, record.Version, previous.Version);
            return;
        }

        // The teams' overlays first, so no team's snapshot is ever older than the global one in force.
        _teams.GlobalChanged(compiled);
        _inForce = new InForce(compiled, record);
        LogSwapped(_logger, previous.Version, record.Version, record.UpdatedBy);
    }

    private async Task RefreshPeriodicallyAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_refreshInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await RefreshAsync();
                }
                catch (StoreUnavailableException)
                {
                    // The breaker has logged the outage; the last-known-good version stays in force.
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    // Once subscribed, the multiplexer restores the subscription after every reconnect by itself.
    private async Task TrySubscribeAsync()
    {
        if (_subscribed)
        {
            return;
        }

        try
        {
            await _redis.Subscriber.SubscribeAsync(_redis.Keys.PolicyChanged, OnPolicyChanged);
            _subscribed = true;
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            // Redis is down; the periodic check tries again.
        }
    }

    private void OnPolicyChanged(RedisChannel channel, RedisValue message) => _ = RefreshOnMessageAsync();

    // Back from an outage: catch up now rather than at the next periodic check.
    private void OnRedisRestored() => _ = RefreshOnMessageAsync();

    private async Task RefreshOnMessageAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (StoreUnavailableException)
        {
            // The periodic check retries.
        }
    }

    private static PolicyVersionRecord ToRecord(byte[] json)
    {
        var stored = JsonSerializer.Deserialize(json, RedisJsonContext.Default.StoredPolicyVersion)
            ?? throw new JsonException("Empty policy version record.");
        return new PolicyVersionRecord(stored.Version, stored.Document, stored.UpdatedBy, stored.UpdatedAt);
    }

    private Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call) => _redis.CallOrThrowAsync(call, "the policy cannot be read or changed");

    /// <summary>The live version's JSON, or null before the first publish.</summary>
    private async Task<PolicyVersionRecord?> ReadLiveAsync()
    {
        var live = await CallAsync(db => ReadLiveScript.EvaluateAsync(db, [_redis.Keys.PolicyVersions, _redis.Keys.PolicyMeta], []));
        return live.IsNull ? null : ToRecord((byte[])live!);
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Policy v{OldVersion} -> v{NewVersion} now in force (published by {UpdatedBy:l})")]
    private static partial void LogSwapped(ILogger logger, long oldVersion, long newVersion, string updatedBy);

    [LoggerMessage(EventId = 311, Level = LogLevel.Error, Message = "Policy v{Version} from Redis does not compile; v{KeptVersion} stays in force")]
    private static partial void LogUncompilable(ILogger logger, Exception exception, long version, long keptVersion);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Redis holds policy v{RedisVersion}, older than v{Version} in force here: it lost data; putting v{Version} back")]
    private static partial void LogRestoring(ILogger logger, long version, long redisVersion);

    private sealed record InForce(PolicySnapshot Snapshot, PolicyVersionRecord? Record);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Redis unusable at start-up: the built-in default policy (v0) is in force until Redis answers")]
    private static partial void LogStartedWithDefault(ILogger logger);
}
