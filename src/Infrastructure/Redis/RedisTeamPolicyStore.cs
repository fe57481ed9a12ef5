using System.Text.Json;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Teams' policy overlays shared by every instance, the way <see cref="RedisPolicyStore"/> shares the global policy: each
/// team's versions in a hash (<c>{policy}:team:{id}:versions</c>), every team's live version in <c>{policy}:team_overlays</c>,
/// one script publishing atomically (expected-version check, next version, history trim, change message naming the team).
/// Each instance compiles a changed overlay once into <see cref="TeamPolicies"/> — on the change message, and on a periodic
/// check that covers missed messages. The request path never waits on Redis; an outage leaves the overlays in force here.
/// </summary>
internal sealed partial class RedisTeamPolicyStore : ITeamPolicyAdministration, IHostedService, IDisposable
{
    public const int HistoryLimit = RedisPolicyStore.HistoryLimit;

    // KEYS: the team's versions hash, the live-versions hash. ARGV: team id, expected version, the version body JSON,
    // history limit, change channel. Returns {1, new version} or {0, live version} when the expectation is stale.
    private static readonly RedisScript PublishScript = new("""
        local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
        if tonumber(ARGV[2]) ~= current then
          return {0, current}
        end
        local next = current + 1
        redis.call('HSET', KEYS[1], tostring(next), '{"version":' .. next .. ',' .. string.sub(ARGV[3], 2))
        redis.call('HSET', KEYS[2], ARGV[1], next)
        local expired = next - tonumber(ARGV[4])
        if expired >= 1 then
          redis.call('HDEL', KEYS[1], tostring(expired))
        end
        redis.call('PUBLISH', ARGV[5], ARGV[1])
        return {1, next}
        """);

    // KEYS: the team's versions hash, the live-versions hash. ARGV: team id, change channel.
    private static readonly RedisScript DeleteScript = new("""
        redis.call('DEL', KEYS[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('PUBLISH', ARGV[2], ARGV[1])
        return 1
        """);

    private readonly RedisConnection _redis;
    private readonly TeamPolicies _compiled;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisTeamPolicyStore> _logger;
    private readonly TimeSpan _refreshInterval;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _refreshLoop;
    private bool _disposed;
    private bool _subscribed;

    public RedisTeamPolicyStore(RedisConnection redis, TeamPolicies compiled, IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisTeamPolicyStore> logger)
    {
        _redis = redis;
        _compiled = compiled;
        _time = time;
        _logger = logger;
        _refreshInterval = TimeSpan.FromSeconds(Math.Max(1, options.Value.PolicyRefreshSeconds));
        _redis.Restored += OnRedisRestored;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await TrySubscribeAsync();
        try
        {
            await RefreshAsync();
        }
        catch (StoreUnavailableException)
        {
            LogStartedWithout(_logger);
        }

        _refreshLoop = RefreshPeriodicallyAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
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

    public async ValueTask<PolicyOverlayRecord> GetCurrentAsync(string teamId, CancellationToken cancellationToken)
    {
        var live = await CallAsync(db => db.HashGetAsync(_redis.Keys.TeamPolicyLive, teamId));
        return live.IsNull
            ? InMemory.InMemoryTeamPolicyStore.None(_time.GetUtcNow())
            : await GetVersionAsync(teamId, (long)live, cancellationToken) ?? InMemory.InMemoryTeamPolicyStore.None(_time.GetUtcNow());
    }

    public async ValueTask<PolicyOverlayRecord?> GetVersionAsync(string teamId, long version, CancellationToken cancellationToken)
    {
        var value = await CallAsync(db => db.HashGetAsync(_redis.Keys.TeamPolicyVersions(teamId), version));
        return value.IsNull ? null : ToRecord((byte[])value!);
    }

    public async ValueTask<IReadOnlyList<PolicyOverlayRecord>> GetHistoryAsync(string teamId, int limit, CancellationToken cancellationToken)
    {
        var entries = await CallAsync(db => db.HashValuesAsync(_redis.Keys.TeamPolicyVersions(teamId)));
        var records = new List<PolicyOverlayRecord>(entries.Length);
        foreach (var entry in entries)
        {
            records.Add(ToRecord((byte[])entry!));
        }

        records.Sort(static (a, b) => b.Version.CompareTo(a.Version));
        return records.Count > limit ? records[..limit] : records;
    }

    public async ValueTask<PolicyOverlayPublishResult> PublishAsync(string teamId, JsonElement overlay, string updatedBy, long expectedVersion, CancellationToken cancellationToken)
    {
        var updatedAt = _time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(new OverlayVersionBody(overlay, updatedBy, updatedAt), RedisJsonContext.Default.OverlayVersionBody);
        var result = (RedisResult[])(await CallAsync(db => PublishScript.EvaluateAsync(
            db,
            [_redis.Keys.TeamPolicyVersions(teamId), _redis.Keys.TeamPolicyLive],
            [teamId, expectedVersion, body, HistoryLimit, _redis.Keys.TeamPolicyChanged.ToString()])))!;

        var liveVersion = (long)result[1];
        if ((long)result[0] == 0)
        {
            return new PolicyOverlayPublishResult(null, liveVersion);
        }

        // This instance enforces its own change at once; the others follow on the change message.
        var record = new PolicyOverlayRecord(liveVersion, overlay.Clone(), updatedBy, updatedAt);
        _compiled.OverlayChanged(teamId, record);
        return new PolicyOverlayPublishResult(record, liveVersion);
    }

    public async ValueTask DeleteAsync(string teamId, CancellationToken cancellationToken)
    {
        await CallAsync(db => DeleteScript.EvaluateAsync(
            db, [_redis.Keys.TeamPolicyVersions(teamId), _redis.Keys.TeamPolicyLive], [teamId, _redis.Keys.TeamPolicyChanged.ToString()]));
        _compiled.OverlayChanged(teamId, null);
    }

    /// <summary>Brings this instance's overlays in line with Redis: every team whose live version differs is loaded (or dropped).</summary>
    internal async Task RefreshAsync()
    {
        await TrySubscribeAsync();
        await _refreshGate.WaitAsync();
        try
        {
            var live = await CallAsync(db => db.HashGetAllAsync(_redis.Keys.TeamPolicyLive));
            var seen = new HashSet<string>(live.Length, StringComparer.Ordinal);
            foreach (var entry in live)
            {
                var teamId = entry.Name.ToString();
                var version = (long)entry.Value;
                seen.Add(teamId);
                if (_compiled.OverlayVersion(teamId) != version && await GetVersionAsync(teamId, version, CancellationToken.None) is { } record)
                {
                    _compiled.OverlayChanged(teamId, record);
                }
            }

            foreach (var teamId in _compiled.Teams.ToArray())
            {
                if (!seen.Contains(teamId))
                {
                    _compiled.OverlayChanged(teamId, null);
                }
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private async Task RefreshPeriodicallyAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_refreshInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await RefreshQuietlyAsync();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task TrySubscribeAsync()
    {
        if (_subscribed)
        {
            return;
        }

        try
        {
            await _redis.Subscriber.SubscribeAsync(_redis.Keys.TeamPolicyChanged, (_, _) => _ = RefreshQuietlyAsync());
            _subscribed = true;
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            // Redis is down; the periodic check tries again.
        }
    }

    private void OnRedisRestored() => _ = RefreshQuietlyAsync();

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (StoreUnavailableException)
        {
            // The breaker has logged the outage; the overlays in force here stay; the periodic check retries.
        }
        catch (ObjectDisposedException)
        {
            // A message that arrived while the host shut down.
        }
    }

    private static PolicyOverlayRecord ToRecord(byte[] json)
    {
        var stored = JsonSerializer.Deserialize(json, RedisJsonContext.Default.StoredOverlayVersion)
            ?? throw new JsonException("Empty team policy overlay record.");
        return new PolicyOverlayRecord(stored.Version, stored.Overlay, stored.UpdatedBy, stored.UpdatedAt);
    }

    private Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call) => _redis.CallOrThrowAsync(call, "team policy overlays cannot be read or changed");

    [LoggerMessage(EventId = 316, Level = LogLevel.Warning, Message = "Redis unusable at start-up: teams' policy overlays apply once Redis answers (the global policy applies to every team until then)")]
    private static partial void LogStartedWithout(ILogger logger);
}
