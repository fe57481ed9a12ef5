using System.Text.Json;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Accounts as JSON under <c>user:{id}</c> (password hashes only), so a user created on one instance logs in
/// on any. Authentication never fails open: Redis unusable → <see cref="StoreUnavailableException"/> (503).
/// </summary>
internal sealed class RedisCredentialStore(RedisConnection redis) : ICredentialStore
{
    public async ValueTask<UserAccount?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        var value = await CallAsync(db => db.StringGetAsync(redis.Keys.User(userId)));
        return value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, RedisJsonContext.Default.UserAccount);
    }

    public async ValueTask<bool> TryAddAsync(UserAccount account, CancellationToken cancellationToken) =>
        await CallAsync(db => db.StringSetAsync(redis.Keys.User(account.UserId), Serialize(account), when: When.NotExists));

    public async ValueTask UpsertAsync(UserAccount account, CancellationToken cancellationToken) =>
        await CallAsync(db => db.StringSetAsync(redis.Keys.User(account.UserId), Serialize(account)));

    private static byte[] Serialize(UserAccount account) => JsonSerializer.SerializeToUtf8Bytes(account, RedisJsonContext.Default.UserAccount);

    private Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call) => redis.CallOrThrowAsync(call, "user accounts cannot be read or written");
}
