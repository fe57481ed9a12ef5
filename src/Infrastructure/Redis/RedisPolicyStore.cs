using System.Text.Json;
using LlmGateway.Application;
using LlmGateway.Domain.Policies;
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
internal sealed partial class RedisPolicyStore : RedisMirror, IPolicyStore, IPolicyAdministration
{
    public const int HistoryLimit = RedisVersionedDocuments<StoredPolicyVersion>.HistoryLimit;

    private static readonly RedisValue LiveField = "current";

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

    private readonly RedisVersionedDocuments<StoredPolicyVersion> _versions;
    private readonly ILogger<RedisPolicyStore> _logger;
    private readonly TeamPolicies _teams;
    private readonly RoleLimits _fallbackLimits;
    private volatile InForce _inForce;

    public RedisPolicyStore(
        RedisConnection redis,
        IOptions<GatewayOptions> gatewayOptions,
        IOptions<RedisOptions> redisOptions,
        TimeProvider time,
        TeamPolicies teams,
        ILogger<RedisPolicyStore> logger)
        : base(redis, redis.Keys.PolicyChanged, redisOptions, time)
    {
        _versions = new(redis, redis.Keys.PolicyMeta, redis.Keys.PolicyChanged, RedisJsonContext.Default.StoredPolicyVersion, "the policy cannot be read or changed");
        _teams = teams;
        _logger = logger;
        var gateway = gatewayOptions.Value;
        _fallbackLimits = gateway.FallbackLimits();

        // Until Redis has answered, the built-in default policy is in force, as version 0.
        var seed = PolicyCompiler.Compile(gateway.DefaultPolicyDocument(), 0, _fallbackLimits);
        _teams.GlobalChanged(seed);
        _inForce = new InForce(seed, null);
    }

    public PolicySnapshot Current => _inForce.Snapshot;

    public PolicySnapshot ForTeam(string teamId) => _teams.For(teamId) ?? _inForce.Snapshot;

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

    public async ValueTask<PolicyVersionRecord?> GetVersionAsync(long version, CancellationToken cancellationToken) =>
        await _versions.GetVersionAsync(Redis.Keys.PolicyVersions, version) is { } stored ? ToRecord(stored) : null;

    public async ValueTask<IReadOnlyList<PolicyVersionRecord>> GetHistoryAsync(int limit, CancellationToken cancellationToken)
    {
        var history = await _versions.GetHistoryAsync(Redis.Keys.PolicyVersions, limit);
        var records = new PolicyVersionRecord[history.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = ToRecord(history[i]);
        }

        return records;
    }

    public async ValueTask<PolicyPublishResult> PublishAsync(PolicyDocument document, string updatedBy, long? expectedVersion, CancellationToken cancellationToken)
    {
        var updatedAt = Time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(new PolicyVersionBody(document, updatedBy, updatedAt), RedisJsonContext.Default.PolicyVersionBody);
        var (published, liveVersion) = await _versions.PublishAsync(Redis.Keys.PolicyVersions, LiveField, expectedVersion, body, RedisValue.EmptyString);
        if (!published)
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
    protected override async Task RefreshCoreAsync()
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
            await _versions.CallAsync(db => RestoreScript.EvaluateAsync(
                db,
                [Redis.Keys.PolicyVersions, Redis.Keys.PolicyMeta],
                [known.Version, json, Redis.Keys.PolicyChanged.ToString()]));
        }
        else if (liveRecord is null)
        {
            await PublishAsync(inForce.Snapshot.Document, "system", expectedVersion: 0, CancellationToken.None);
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

    protected override void OnStartedWithoutRedis() => LogStartedWithDefault(_logger);

    private static PolicyVersionRecord ToRecord(StoredPolicyVersion stored) =>
        new(stored.Version, stored.Document, stored.UpdatedBy, stored.UpdatedAt);

    /// <summary>The live version, or null before the first publish.</summary>
    private async Task<PolicyVersionRecord?> ReadLiveAsync() =>
        await _versions.ReadLiveAsync(Redis.Keys.PolicyVersions, LiveField) is { } stored ? ToRecord(stored) : null;

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
