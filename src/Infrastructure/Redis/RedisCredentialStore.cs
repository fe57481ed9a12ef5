using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Accounts as JSON under <c>user:{id}</c> (password hashes only), so a user created on one instance logs in on any; the
/// ids in the sorted set <c>users</c> for the listing (<see cref="RedisJsonRecords{T}"/>, like keys and teams).
/// Authentication never fails open: Redis unusable → <see cref="StoreUnavailableException"/> (503).
/// </summary>
internal sealed class RedisCredentialStore(RedisConnection redis, RedisCredentialCache cache) : ICredentialStore
{
    private readonly RedisJsonRecords<UserAccount> _records = new(
        redis,
        redis.Keys.User,
        redis.Keys.UserIndex,
        sortedIndex: true,
        RedisJsonContext.Default.UserAccount,
        RedisCredentialCache.UserMessage,
        cache.ForgetUser,
        "The account",
        "user accounts cannot be read or written");

    public async ValueTask<UserAccount?> FindAsync(string userId, CancellationToken cancellationToken) => await _records.FindAsync(userId);

    public async ValueTask<bool> TryAddAsync(UserAccount account, CancellationToken cancellationToken) => await _records.TryAddAsync(account.UserId, account);

    public async ValueTask UpsertAsync(UserAccount account, CancellationToken cancellationToken) => await _records.SetAsync(account.UserId, account);

    public ValueTask<UserAccount?> UpdateAsync(string userId, Func<UserAccount, UserAccount> change, CancellationToken cancellationToken) =>
        _records.UpdateAsync(userId, change);

    public async ValueTask<bool> DeleteAsync(string userId, CancellationToken cancellationToken) => await _records.DeleteAsync(userId);

    public async ValueTask<UserPage> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        // One more than asked: whether there is a next page.
        var ids = await _records.CallAsync(db => db.SortedSetRangeByValueAsync(
            redis.Keys.UserIndex, after is null ? default : (RedisValue)after, default, after is null ? Exclude.None : Exclude.Start, Order.Ascending, 0, limit + 1));
        var count = Math.Min(ids.Length, limit);
        var users = await _records.GetManyAsync(ids, count);
        return new UserPage(users, count > 0 && ids.Length > limit ? ids[count - 1].ToString() : null);
    }
}
