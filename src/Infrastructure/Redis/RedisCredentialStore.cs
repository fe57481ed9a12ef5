using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Accounts as JSON under <c>user:{id}</c> (password hashes only), so a user created on one instance logs in on any; the
/// ids in the sorted set <c>users</c> for the listing (<see cref="RedisJsonRecords{T}"/>, like keys and teams).
/// Authentication never fails open: Redis unusable → <see cref="StoreUnavailableException"/> (503).
/// </summary>
internal sealed class RedisCredentialStore(RedisConnection redis, RedisCredentialCache cache)
    : RedisJsonRecords<UserAccount>(
        redis,
        static account => account.UserId,
        redis.Keys.User,
        redis.Keys.UserIndex,
        sortedIndex: true,
        RedisJsonContext.Default.UserAccount,
        RedisCredentialCache.UserMessage,
        cache.ForgetUser,
        "The account",
        "user accounts cannot be read or written"),
      ICredentialStore
{
    public async ValueTask<UserPage> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        // One more than asked: whether there is a next page.
        var ids = await CallAsync(db => db.SortedSetRangeByValueAsync(
            Redis.Keys.UserIndex, after is null ? default : (RedisValue)after, default, after is null ? Exclude.None : Exclude.Start, Order.Ascending, 0, limit + 1));
        var count = Math.Min(ids.Length, limit);
        var users = await GetManyAsync(ids, count);
        return new UserPage(users, count > 0 && ids.Length > limit ? ids[count - 1].ToString() : null);
    }
}
