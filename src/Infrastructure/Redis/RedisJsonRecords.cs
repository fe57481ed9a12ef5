using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// The one way a record kept as JSON under a key of its own (an account, an API key, a team) is read and written: its id in
/// an index for the listing, written before the record and removed after it — so a record that exists is always listed, and
/// an id whose record never landed is skipped — and every write through <see cref="RedisRecordWrite"/> (compare, write,
/// publish the change), after which <paramref name="forget"/> drops this instance's cached copy. Fails closed:
/// Redis unusable → <see cref="StoreUnavailableException"/> naming <paramref name="what"/>.
/// </summary>
/// <param name="idOf">The record's id, under which it is stored and listed.</param>
/// <param name="index">The ids: a sorted set scored 0 (listed in id order) or, with <paramref name="sortedIndex"/> false, a set.</param>
/// <param name="message">The change message of a record, on <c>credentials:changed</c>.</param>
/// <param name="noun">How a failure names a record: "The account" (followed by its id).</param>
internal abstract class RedisJsonRecords<T>(
    RedisConnection redis,
    Func<T, string> idOf,
    Func<string, RedisKey> key,
    RedisKey index,
    bool sortedIndex,
    JsonTypeInfo<T> json,
    Func<string, RedisValue> message,
    Action<string> forget,
    string noun,
    string what)
    : IRecordStore<T>
    where T : class
{
    protected RedisConnection Redis => redis;

    public virtual async ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken) =>
        Deserialize(await CallAsync(db => db.StringGetAsync(key(id))));

    public async ValueTask<bool> TryAddAsync(T record, CancellationToken cancellationToken)
    {
        var id = idOf(record);
        await CallAsync(db => AddToIndexAsync(db, id));
        var added = await RedisRecordWrite.AddAsync(redis, key(id), Serialize(record), message(id), what);
        forget(id);
        return added;
    }

    /// <summary>Adds or replaces the record.</summary>
    public async ValueTask UpsertAsync(T record, CancellationToken cancellationToken)
    {
        var id = idOf(record);
        await CallAsync(db => AddToIndexAsync(db, id));
        await RedisRecordWrite.SetAsync(redis, key(id), Serialize(record), message(id), what);
        forget(id);
    }

    public ValueTask<T?> UpdateAsync(string id, Func<T, T> change, CancellationToken cancellationToken) =>
        RedisRecordWrite.UpdateAsync(redis, key(id), json, change, message(id), () => forget(id), $"{noun} {id}", what);

    /// <summary>Removes the record (only over what was read, reading again after a lost race); false when there was none.</summary>
    public async ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var recordKey = key(id);
        for (var attempt = 0; attempt < RedisRecordWrite.Attempts; attempt++)
        {
            var stored = await CallAsync(db => db.StringGetAsync(recordKey));
            if (stored.IsNull)
            {
                return false;
            }

            if (await RedisRecordWrite.ReplaceAsync(redis, recordKey, stored, RedisValue.EmptyString, message(id), what))
            {
                forget(id);
                await CallAsync(db => sortedIndex ? db.SortedSetRemoveAsync(index, id) : db.SetRemoveAsync(index, id));
                return true;
            }
        }

        throw new StoreUnavailableException($"{noun} {id} kept changing under {RedisRecordWrite.Attempts} attempts to delete it.");
    }

    /// <summary>Every record the index lists (in id order with a sorted index).</summary>
    protected async Task<List<T>> GetAllAsync()
    {
        var ids = await CallAsync(db => sortedIndex ? db.SortedSetRangeByRankAsync(index) : db.SetMembersAsync(index));
        return await GetManyAsync(ids, ids.Length);
    }

    /// <summary>The records of the first <paramref name="count"/> of <paramref name="ids"/> that exist, in that order.</summary>
    protected async Task<List<T>> GetManyAsync(RedisValue[] ids, int count)
    {
        if (count == 0)
        {
            return [];
        }

        // One GET per record, pipelined on the one connection (an MGET would cross hash slots on a cluster).
        var values = await CallAsync(db => Task.WhenAll(ids.Take(count).Select(id => db.StringGetAsync(key(id.ToString())))));
        var records = new List<T>(values.Length);
        foreach (var value in values)
        {
            if (Deserialize(value) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    protected Task<TResult> CallAsync<TResult>(Func<IDatabase, Task<TResult>> call) => redis.CallOrThrowAsync(call, what);

    private Task<bool> AddToIndexAsync(IDatabase db, string id) => sortedIndex ? db.SortedSetAddAsync(index, id, 0) : db.SetAddAsync(index, id);

    private T? Deserialize(RedisValue value) => value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, json);

    private byte[] Serialize(T record) => JsonSerializer.SerializeToUtf8Bytes(record, json);
}
