using System.Text.Json;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Each key's record as JSON under <c>apikey:&lt;id&gt;</c> (the SHA-256 of the secret, never the key), the ids in the set
/// <c>apikeys</c> for the listing, and last uses in the hash <c>apikeys:last_used</c>. One key per record spreads the
/// lookups of busy keys over a cluster's nodes. Every write goes through <see cref="RedisRecordWrite"/> (compare, write,
/// publish the change). Fails closed: Redis unusable → <see cref="StoreUnavailableException"/> (503), so a key is never
/// accepted unchecked.
/// </summary>
internal sealed class RedisApiKeyStore(RedisConnection redis, RedisCredentialCache cache) : IApiKeyStore
{
    private const string What = "API keys cannot be checked or changed";

    public async ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        Deserialize(await CallAsync(db => db.StringGetAsync(redis.Keys.ApiKey(keyId))));

    public async ValueTask<bool> TryAddAsync(ApiKeyRecord record, CancellationToken cancellationToken)
    {
        // The index first: a record that exists is always listed; an index entry whose record never landed (the
        // second call failed, or the id was taken) is skipped by ListAsync.
        await CallAsync(db => db.SetAddAsync(redis.Keys.ApiKeyIndex, record.Id));
        var added = await RedisRecordWrite.AddAsync(redis, redis.Keys.ApiKey(record.Id), Serialize(record), RedisCredentialCache.KeyMessage(record.Id), What);
        cache.ForgetKey(record.Id);
        return added;
    }

    public async ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await CallAsync(db => db.SetMembersAsync(redis.Keys.ApiKeyIndex));
        if (ids.Length == 0)
        {
            return [];
        }

        // One GET per key, pipelined on the one connection (an MGET would cross hash slots on a cluster).
        var values = await CallAsync(db => Task.WhenAll(ids.Select(id => db.StringGetAsync(redis.Keys.ApiKey(id.ToString())))));
        var records = new List<ApiKeyRecord>(values.Length);
        foreach (var value in values)
        {
            if (Deserialize(value) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public ValueTask<ApiKeyRecord?> UpdateAsync(string keyId, Func<ApiKeyRecord, ApiKeyRecord> change, CancellationToken cancellationToken) =>
        RedisRecordWrite.UpdateAsync(
            redis, redis.Keys.ApiKey(keyId), RedisJsonContext.Default.ApiKeyRecord, change, RedisCredentialCache.KeyMessage(keyId), () => cache.ForgetKey(keyId), $"The API key {keyId}", What);

    public void RecordUse(string keyId, DateTimeOffset at)
    {
        // Fire and forget: nobody learns the outcome, so an open breaker is respected but never probed (README).
        if (redis.Breaker.IsClosed)
        {
            _ = redis.Database.HashSetAsync(redis.Keys.ApiKeyLastUsed, keyId, at.ToUnixTimeMilliseconds(), flags: CommandFlags.FireAndForget);
        }
    }

    public async ValueTask<IReadOnlyDictionary<string, DateTimeOffset>> LastUsesAsync(IReadOnlyList<string> keyIds, CancellationToken cancellationToken)
    {
        var fields = new RedisValue[keyIds.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = keyIds[i];
        }

        var values = await CallAsync(db => db.HashGetAsync(redis.Keys.ApiKeyLastUsed, fields));
        var found = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].TryParse(out long milliseconds))
            {
                found[keyIds[i]] = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            }
        }

        return found;
    }

    private static ApiKeyRecord? Deserialize(RedisValue value) =>
        value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, RedisJsonContext.Default.ApiKeyRecord);

    private static byte[] Serialize(ApiKeyRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, RedisJsonContext.Default.ApiKeyRecord);

    private Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call) => redis.CallOrThrowAsync(call, What);
}
