using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// The one Redis shape of a document kept as numbered versions, shared by the global policy and each team's overlay: the
/// versions in a hash (version → JSON, the last <see cref="HistoryLimit"/> of them), the live version number in a field of
/// a second hash, and one script that publishes atomically (expected-version check, next version, history trim, change
/// message). Both hashes carry the hash tag <c>{policy}</c>, so the scripts run on Redis Cluster unchanged.
/// </summary>
/// <param name="live">The hash of live version numbers: the global policy's <c>{policy}:meta</c> (field <c>current</c>),
/// the teams' <c>{policy}:team_overlays</c> (field = team id).</param>
internal sealed class RedisVersionedDocuments<TStored>(RedisConnection redis, RedisKey live, RedisChannel changes, JsonTypeInfo<TStored> json, string what)
    where TStored : class, IStoredVersion
{
    public const int HistoryLimit = 100;

    private readonly string _channel = changes.ToString();

    /// <summary>The live version, or null before the first publish (or after a lost version).</summary>
    public async Task<TStored?> ReadLiveAsync(RedisKey versions, RedisValue liveField) =>
        Deserialize(await CallAsync(db => VersionedDocumentScripts.ReadLive.EvaluateAsync(db, [versions, live], [liveField])));

    public async Task<TStored?> GetVersionAsync(RedisKey versions, long version) =>
        Deserialize(await CallAsync(db => db.HashGetAsync(versions, version)));

    /// <summary>The kept versions, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<TStored>> GetHistoryAsync(RedisKey versions, int limit)
    {
        var entries = await CallAsync(db => db.HashValuesAsync(versions));
        var stored = new List<TStored>(entries.Length);
        foreach (var entry in entries)
        {
            stored.Add(Deserialize(entry)!);
        }

        stored.Sort(static (a, b) => b.Version.CompareTo(a.Version));
        return stored.Count > limit ? stored[..limit] : stored;
    }

    /// <summary>
    /// Writes <paramref name="body"/> (the version's JSON without its number, which the script puts in front) as the next
    /// version and announces it: <paramref name="message"/>, or the new version number when it is empty. Returns whether
    /// it was written and the live version afterwards; not written when <paramref name="expectedVersion"/> (null: any) is stale.
    /// </summary>
    public async Task<(bool Published, long LiveVersion)> PublishAsync(
        RedisKey versions, RedisValue liveField, long? expectedVersion, byte[] body, RedisValue message)
    {
        RedisValue expected = expectedVersion is { } version ? version : string.Empty;
        var result = (RedisResult[])(await CallAsync(db => VersionedDocumentScripts.Publish.EvaluateAsync(
            db, [versions, live], [liveField, expected, body, HistoryLimit, _channel, message])))!;
        return ((long)result[0] == 1, (long)result[1]);
    }

    public Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call) => redis.CallOrThrowAsync(call, what);

    private TStored? Deserialize(RedisResult value) => value.IsNull ? null : Deserialize((byte[])value!);

    private TStored? Deserialize(RedisValue value) => value.IsNull ? null : Deserialize((byte[])value!);

    private TStored Deserialize(byte[] value) =>
        JsonSerializer.Deserialize(value, json) ?? throw new JsonException($"Empty {typeof(TStored).Name} record.");
}

/// <summary>A stored version of a document, whose JSON opens with the <c>version</c> the publish script wrote.</summary>
internal interface IStoredVersion
{
    long Version { get; }
}

file static class VersionedDocumentScripts
{
    // KEYS: versions hash, live hash. ARGV: live field, expected version ('' = any), the version body JSON, history limit,
    // change channel, change message ('' = the new version). Returns {1, new version} or {0, live version} when the
    // expectation is stale.
    public static readonly RedisScript Publish = new("""
        local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
        if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= current then
          return {0, current}
        end
        local next = current + 1
        redis.call('HSET', KEYS[1], tostring(next), '{"version":' .. next .. ',' .. string.sub(ARGV[3], 2))
        redis.call('HSET', KEYS[2], ARGV[1], next)
        local expired = next - tonumber(ARGV[4])
        if expired >= 1 then
          redis.call('HDEL', KEYS[1], tostring(expired))
        end
        if ARGV[6] == '' then
          redis.call('PUBLISH', ARGV[5], next)
        else
          redis.call('PUBLISH', ARGV[5], ARGV[6])
        end
        return {1, next}
        """);

    // KEYS: versions hash, live hash. ARGV: live field. Returns the live version's JSON, or nil before the first publish.
    public static readonly RedisScript ReadLive = new("""
        local current = redis.call('HGET', KEYS[2], ARGV[1])
        if not current then
          return false
        end
        return redis.call('HGET', KEYS[1], current)
        """);
}
