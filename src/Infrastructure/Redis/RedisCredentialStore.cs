using System.Text.Json;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Accounts as JSON under <c>user:{id}</c> (password hashes only), so a user created on one instance logs in on any; the
/// ids in the sorted set <c>users</c> for the listing. Every write goes through <see cref="RedisRecordWrite"/> (compare,
/// write, publish the change). Authentication never fails open: Redis unusable → <see cref="StoreUnavailableException"/> (503).
/// </summary>
internal sealed class RedisCredentialStore(RedisConnection redis, RedisCredentialCache cache) : ICredentialStore
{
    private const string What = "user accounts cannot be read or written";

    public async ValueTask<UserAccount?> FindAsync(string userId, CancellationToken cancellationToken) =>
        Deserialize(await CallAsync(db => db.StringGetAsync(redis.Keys.User(userId))));

    public async ValueTask<bool> TryAddAsync(UserAccount account, CancellationToken cancellationToken)
    {
        // The index first: an account that exists is always listed; an id whose account never landed is skipped.
        await CallAsync(db => db.SortedSetAddAsync(redis.Keys.UserIndex, account.UserId, 0));
        var added = await RedisRecordWrite.AddAsync(redis, redis.Keys.User(account.UserId), Serialize(account), RedisCredentialCache.UserMessage(account.UserId), What);
        cache.ForgetUser(account.UserId);
        return added;
    }

    public async ValueTask UpsertAsync(UserAccount account, CancellationToken cancellationToken)
    {
        await CallAsync(db => db.SortedSetAddAsync(redis.Keys.UserIndex, account.UserId, 0));
        await RedisRecordWrite.SetAsync(redis, redis.Keys.User(account.UserId), Serialize(account), RedisCredentialCache.UserMessage(account.UserId), What);
        cache.ForgetUser(account.UserId);
    }

    public ValueTask<UserAccount?> UpdateAsync(string userId, Func<UserAccount, UserAccount> change, CancellationToken cancellationToken) =>
        RedisRecordWrite.UpdateAsync(
            redis, redis.Keys.User(userId), RedisJsonContext.Default.UserAccount, change, RedisCredentialCache.UserMessage(userId), () => cache.ForgetUser(userId), $"The account {userId}", What);

    public async ValueTask<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        var key = redis.Keys.User(userId);
        for (var attempt = 0; attempt < RedisRecordWrite.Attempts; attempt++)
        {
            var stored = await CallAsync(db => db.StringGetAsync(key));
            if (stored.IsNull)
            {
                return false;
            }

            if (await RedisRecordWrite.ReplaceAsync(redis, key, stored, RedisValue.EmptyString, RedisCredentialCache.UserMessage(userId), What))
            {
                cache.ForgetUser(userId);
                await CallAsync(db => db.SortedSetRemoveAsync(redis.Keys.UserIndex, userId));
                return true;
            }
        }

        throw new StoreUnavailableException($"The account {userId} kept changing under {RedisRecordWrite.Attempts} attempts to delete it.");
    }

    public async ValueTask<UserPage> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        // One more than asked: whether there is a next page.
        var ids = await CallAsync(db => db.SortedSetRangeByValueAsync(
            redis.Keys.UserIndex, after is null ? default : (RedisValue)after, default, after is null ? Exclude.None : Exclude.Start, Order.Ascending, 0, limit + 1));
        var count = Math.Min(ids.Length, limit);
        if (count == 0)
        {
            return new UserPage([], null);
        }

        // One GET per account, pipelined on the one connection (an MGET would cross hash slots on a cluster).
        var values = await CallAsync(db => Task.WhenAll(ids.Take(count).Select(id => db.StringGetAsync(redis.Keys.User(id.ToString())))));
        var users = new List<UserAccount>(count);
        foreach (var value in values)
        {
            if (Deserialize(value) is { } account)
            {
                users.Add(account);
            }
        }

        return new UserPage(users, ids.Length > limit ? ids[count - 1].ToString() : null);
    }

    private static UserAccount? Deserialize(RedisValue value) =>
        value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, RedisJsonContext.Default.UserAccount);

    private static byte[] Serialize(UserAccount account) => JsonSerializer.SerializeToUtf8Bytes(account, RedisJsonContext.Default.UserAccount);

    private Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call) => redis.CallOrThrowAsync(call, What);
}
