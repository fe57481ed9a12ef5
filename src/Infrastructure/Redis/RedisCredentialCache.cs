using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Accounts and API key records for the request path, answered from this process for at most
/// <c>CREDENTIAL_CACHE_MILLISECONDS</c> (≤ 1 s). Every write through the stores publishes <c>u:&lt;id&gt;</c> or
/// <c>k:&lt;id&gt;</c> on <c>credentials:changed</c> in the same script that writes; each instance drops that entry when
/// the message arrives (and the writing instance at once), so a change is in force everywhere within milliseconds, and
/// within the lifetime even if the message is lost. After a reconnect every entry is dropped (messages may have been
/// missed). A read that starts before an invalidation never stores its (possibly older) answer.
/// </summary>
internal sealed partial class RedisCredentialCache : ICredentialCache, IHostedService, IDisposable
{
    private const int Capacity = 100_000;
    private const string UserPrefix = "u:";
    private const string KeyPrefix = "k:";

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisCredentialCache> _logger;
    private readonly TimeSpan _lifetime;
    private readonly ConcurrentDictionary<string, Entry<UserAccount>> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<ApiKeyRecord>> _keys = new(StringComparer.Ordinal);
    private long _generation;
    private int _subscribed;

    public RedisCredentialCache(RedisConnection redis, IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisCredentialCache> logger)
    {
        _redis = redis;
        _time = time;
        _logger = logger;
        _lifetime = TimeSpan.FromMilliseconds(options.Value.CredentialCacheMilliseconds);
        _redis.Restored += OnRedisRestored;
    }

    public ValueTask<UserAccount?> FindUserAsync(string userId, bool lastKnownOnOutage, CancellationToken cancellationToken)
    {
        _users.TryGetValue(userId, out var entry);
        return entry is not null && IsFresh(entry.FetchedAt)
            ? ValueTask.FromResult(entry.Value)
            : LoadAsync(_users, userId, _redis.Keys.User(userId), RedisJsonContext.Default.UserAccount, lastKnownOnOutage ? entry : null);
    }

    public ValueTask<ApiKeyRecord?> FindKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        _keys.TryGetValue(keyId, out var entry);
        return entry is not null && IsFresh(entry.FetchedAt)
            ? ValueTask.FromResult(entry.Value)
            : LoadAsync(_keys, keyId, _redis.Keys.ApiKey(keyId), RedisJsonContext.Default.ApiKeyRecord, lastKnown: null);
    }

    /// <summary>Drops the user's entry here at once (the writer's own instance; the others follow on the message).</summary>
    public void ForgetUser(string userId)
    {
        Interlocked.Increment(ref _generation);
        _users.TryRemove(userId, out _);
    }

    public void ForgetKey(string keyId)
    {
        Interlocked.Increment(ref _generation);
        _keys.TryRemove(keyId, out _);
    }

    public static RedisValue UserMessage(string userId) => UserPrefix + userId;

    public static RedisValue KeyMessage(string keyId) => KeyPrefix + keyId;

    public Task StartAsync(CancellationToken cancellationToken) => TrySubscribeAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _redis.Restored -= OnRedisRestored;

    private bool IsFresh(long fetchedAt) => _time.GetElapsedTime(fetchedAt) < _lifetime;

    private async ValueTask<T?> LoadAsync<T>(
        ConcurrentDictionary<string, Entry<T>> entries,
        string id,
        RedisKey key,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type,
        Entry<T>? lastKnown)
        where T : class
    {
        var generation = Volatile.Read(ref _generation);
        var fetchedAt = _time.GetTimestamp();
        RedisValue value;
        try
        {
            value = await _redis.CallOrThrowAsync(db => db.StringGetAsync(key), "credentials cannot be checked");
        }
        catch (StoreUnavailableException) when (lastKnown is not null)
        {
            LogLastKnown(_logger, id);
            return lastKnown.Value;
        }

        var found = value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, type);
        if (Volatile.Read(ref _generation) == generation)
        {
            if (entries.Count >= Capacity)
            {
                entries.Clear();
            }

            entries[id] = new Entry<T>(found, fetchedAt);
        }

        return found;
    }

    private async Task TrySubscribeAsync()
    {
        if (Volatile.Read(ref _subscribed) == 1)
        {
            return;
        }

        try
        {
            await _redis.Subscriber.SubscribeAsync(_redis.Keys.CredentialsChanged, OnChanged);
            Volatile.Write(ref _subscribed, 1);
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            // Redis is down: entries expire after the lifetime meanwhile; the reconnect subscribes again.
            LogNotSubscribed(_logger);
        }
    }

    private void OnChanged(RedisChannel channel, RedisValue message)
    {
        var text = (string?)message;
        if (text is null)
        {
            return;
        }

        if (text.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            ForgetUser(text[UserPrefix.Length..]);
        }
        else if (text.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            ForgetKey(text[KeyPrefix.Length..]);
        }
    }

    // Messages published while the connection was down are lost: start afresh.
    private void OnRedisRestored()
    {
        Interlocked.Increment(ref _generation);
        _users.Clear();
        _keys.Clear();
        _ = TrySubscribeAsync();
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Debug, Message = "Redis unusable: user {UserId:l} is judged on the last state this instance read")]
    private static partial void LogLastKnown(ILogger logger, string userId);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "Could not subscribe to credential changes (Redis unusable); cached credentials expire after CREDENTIAL_CACHE_MILLISECONDS until it answers")]
    private static partial void LogNotSubscribed(ILogger logger);

    /// <param name="Value">Null: there is no such account or key (remembered like any answer).</param>
    /// <param name="FetchedAt">When the read started (<see cref="TimeProvider.GetTimestamp"/>).</param>
    private sealed record Entry<T>(T? Value, long FetchedAt)
        where T : class;
}
