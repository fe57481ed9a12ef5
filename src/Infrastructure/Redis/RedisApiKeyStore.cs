using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Each key's record as JSON under <c>apikey:&lt;id&gt;</c> (the SHA-256 of the secret, never the key), the ids in the set
/// <c>apikeys</c> for the listing (<see cref="RedisJsonRecords{T}"/>, like accounts and teams), and last uses in the hash
/// <c>apikeys:last_used</c>. One key per record spreads the lookups of busy keys over a cluster's nodes. Fails closed:
/// Redis unusable → <see cref="StoreUnavailableException"/> (503), so a key is never accepted unchecked.
/// </summary>
internal sealed class RedisApiKeyStore(RedisConnection redis, RedisCredentialCache cache)
    : RedisJsonRecords<ApiKeyRecord>(
        redis,
        static key => key.Id,
        redis.Keys.ApiKey,
        redis.Keys.ApiKeyIndex,
        sortedIndex: false,
        RedisJsonContext.Default.ApiKeyRecord,
        RedisCredentialCache.KeyMessage,
        cache.ForgetKey,
        "The API key",
        "API keys cannot be checked or changed"),
      IApiKeyStore
{
    public async ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) => await GetAllAsync();

    public void RecordUse(string keyId, DateTimeOffset at)
    {
        // Fire and forget: nobody learns the outcome, so an open breaker is respected but never probed (README).
        if (Redis.Breaker.IsClosed)
        {
            _ = Redis.Database.HashSetAsync(Redis.Keys.ApiKeyLastUsed, keyId, at.ToUnixTimeMilliseconds(), flags: CommandFlags.FireAndForget);
        }
    }

    public async ValueTask<IReadOnlyDictionary<string, DateTimeOffset>> LastUsesAsync(IReadOnlyList<string> keyIds, CancellationToken cancellationToken)
    {
        var fields = new RedisValue[keyIds.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = keyIds[i];
        }

        var values = await CallAsync(db => db.HashGetAsync(Redis.Keys.ApiKeyLastUsed, fields));
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
}
