using System.Text.Json;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Teams' policy overlays shared by every instance, in the shape the global policy has (<see cref="RedisVersionedDocuments{TStored}"/>):
/// each team's versions in a hash (<c>{policy}:team:{id}:versions</c>), every team's live version in
/// <c>{policy}:team_overlays</c>, the change message naming the team. Each instance compiles a changed overlay once into
/// <see cref="TeamPolicies"/> (<see cref="RedisMirror"/>: on the change message, and on a periodic check that covers missed
/// messages). The request path never waits on Redis; an outage leaves the overlays in force here.
/// </summary>
internal sealed partial class RedisTeamPolicyStore(
    RedisConnection redis, TeamPolicies compiled, IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisTeamPolicyStore> logger)
    : RedisMirror(redis, redis.Keys.TeamPolicyChanged, options, time), ITeamPolicyAdministration
{
    // KEYS: the team's versions hash, the live-versions hash. ARGV: team id, change channel.
    private static readonly RedisScript DeleteScript = new("""
        redis.call('DEL', KEYS[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('PUBLISH', ARGV[2], ARGV[1])
        return 1
        """);

    private readonly RedisVersionedDocuments<StoredOverlayVersion> _versions = new(
        redis, redis.Keys.TeamPolicyLive, redis.Keys.TeamPolicyChanged, RedisJsonContext.Default.StoredOverlayVersion, "team policy overlays cannot be read or changed");

    public async ValueTask<PolicyOverlayRecord> GetCurrentAsync(string teamId, CancellationToken cancellationToken) =>
        await _versions.ReadLiveAsync(Redis.Keys.TeamPolicyVersions(teamId), teamId) is { } stored
            ? ToRecord(stored)
            : InMemory.InMemoryTeamPolicyStore.None(Time.GetUtcNow());

    public async ValueTask<PolicyOverlayRecord?> GetVersionAsync(string teamId, long version, CancellationToken cancellationToken) =>
        await _versions.GetVersionAsync(Redis.Keys.TeamPolicyVersions(teamId), version) is { } stored ? ToRecord(stored) : null;

    public async ValueTask<IReadOnlyList<PolicyOverlayRecord>> GetHistoryAsync(string teamId, int limit, CancellationToken cancellationToken)
    {
        var history = await _versions.GetHistoryAsync(Redis.Keys.TeamPolicyVersions(teamId), limit);
        var records = new PolicyOverlayRecord[history.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = ToRecord(history[i]);
        }

        return records;
    }

    public async ValueTask<PolicyOverlayPublishResult> PublishAsync(string teamId, JsonElement overlay, string updatedBy, long expectedVersion, CancellationToken cancellationToken)
    {
        var updatedAt = Time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(new OverlayVersionBody(overlay, updatedBy, updatedAt), RedisJsonContext.Default.OverlayVersionBody);
        var (published, liveVersion) = await _versions.PublishAsync(Redis.Keys.TeamPolicyVersions(teamId), teamId, expectedVersion, body, teamId);
        if (!published)
        {
            return new PolicyOverlayPublishResult(null, liveVersion);
        }

        // This instance enforces its own change at once; the others follow on the change message.
        var record = new PolicyOverlayRecord(liveVersion, overlay.Clone(), updatedBy, updatedAt);
        compiled.OverlayChanged(teamId, record);
        return new PolicyOverlayPublishResult(record, liveVersion);
    }

    public async ValueTask DeleteAsync(string teamId, CancellationToken cancellationToken)
    {
        await _versions.CallAsync(db => DeleteScript.EvaluateAsync(
            db, [Redis.Keys.TeamPolicyVersions(teamId), Redis.Keys.TeamPolicyLive], [teamId, Redis.Keys.TeamPolicyChanged.ToString()]));
        compiled.OverlayChanged(teamId, null);
    }

    /// <summary>Brings this instance's overlays in line with Redis: every team whose live version differs is loaded (or dropped).</summary>
    protected override async Task RefreshCoreAsync()
    {
        var live = await _versions.CallAsync(db => db.HashGetAllAsync(Redis.Keys.TeamPolicyLive));
        var seen = new HashSet<string>(live.Length, StringComparer.Ordinal);
        foreach (var entry in live)
        {
            var teamId = entry.Name.ToString();
            var version = (long)entry.Value;
            seen.Add(teamId);
            if (compiled.OverlayVersion(teamId) != version && await GetVersionAsync(teamId, version, CancellationToken.None) is { } record)
            {
                compiled.OverlayChanged(teamId, record);
            }
        }

        foreach (var teamId in compiled.Teams.ToArray())
        {
            if (!seen.Contains(teamId))
            {
                compiled.OverlayChanged(teamId, null);
            }
        }
    }

    protected override void OnStartedWithoutRedis() => LogStartedWithout(logger);

    private static PolicyOverlayRecord ToRecord(StoredOverlayVersion stored) => new(stored.Version, stored.Overlay, stored.UpdatedBy, stored.UpdatedAt);

    [LoggerMessage(EventId = 316, Level = LogLevel.Warning, Message = "Redis unusable at start-up: teams' policy overlays apply once Redis answers (the global policy applies to every team until then)")]
    private static partial void LogStartedWithout(ILogger logger);
}
