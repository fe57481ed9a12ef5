using System.Text.Json;
using LlmGateway.Application.Ports;
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

    // Logins and user administration are not on the per-request hot path; a delegate keeps the error handling in one place.
    private async Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call)
    {
        if (!redis.Breaker.TryEnter())
        {
            throw new StoreUnavailableException("Redis is unavailable; user accounts cannot be read or written.");
        }

        try
        {
            var result = await call(redis.Database);
            redis.Breaker.RecordSuccess();
            return result;
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            redis.Breaker.RecordFailure(exception);
            throw new StoreUnavailableException("Redis is unavailable; user accounts cannot be read or written.", exception);
        }
    }
}
