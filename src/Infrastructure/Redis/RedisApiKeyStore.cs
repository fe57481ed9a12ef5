using System.Text.Json;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Each key's record as JSON under <c>apikey:&lt;id&gt;</c> (the SHA-256 of the secret, never the key), and the ids in
/// the set <c>apikeys</c> for the listing. One key per record spreads the lookups of busy keys over a cluster's
/// nodes; authentication is one GET. Fails closed: Redis unusable → <see cref="StoreUnavailableException"/> (503),
/// on the request path too, so a key is never accepted unchecked.
/// </summary>
internal sealed class RedisApiKeyStore(RedisConnection redis) : IApiKeyStore
{
    public async ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        Deserialize(await CallAsync(db => db.StringGetAsync(redis.Keys.ApiKey(keyId))));

    public async ValueTask<bool> TryAddAsync(ApiKeyRecord record, CancellationToken cancellationToken)
    {
        // The index first: a record that exists is always listed; an index entry whose record never landed (the
        // second call failed, or the id was taken) is skipped by ListAsync.
        await CallAsync(db => db.SetAddAsync(redis.Keys.ApiKeyIndex, record.Id));
        return await CallAsync(db => db.StringSetAsync(redis.Keys.ApiKey(record.Id), Serialize(record), when: When.NotExists));
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

    public async ValueTask<ApiKeyRecord?> RevokeAsync(string keyId, DateTimeOffset revokedAt, string revokedBy, CancellationToken cancellationToken)
    {
        var key = redis.Keys.ApiKey(keyId);
        if (Deserialize(await CallAsync(db => db.StringGetAsync(key))) is not { } current)
        {
            return null;
        }

        if (current.RevokedAt is not null)
        {
            return current;
        }

        // Read, then write only over a record that still exists. A record never changes except by revocation, so
        // the only race is two revocations, and the later one merely restamps the time and the admin.
        var revoked = current with { RevokedAt = revokedAt, RevokedBy = revokedBy };
        await CallAsync(db => db.StringSetAsync(key, Serialize(revoked), when: When.Exists));
        return revoked;
    }

    private static ApiKeyRecord? Deserialize(RedisValue value) =>
        value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, RedisJsonContext.Default.ApiKeyRecord);

    private static byte[] Serialize(ApiKeyRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, RedisJsonContext.Default.ApiKeyRecord);

    private Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call) => redis.CallOrThrowAsync(call, "API keys cannot be checked or changed");
}
