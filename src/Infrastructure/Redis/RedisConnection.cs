using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// The one multiplexer of this process, its database captured once, the key layout and the circuit
/// breaker that every adapter consults before a call. Connecting does not wait for Redis: the gateway
/// starts (and keeps serving, failing open) while Redis is down, and reconnects in the background.
/// </summary>
internal sealed partial class RedisConnection : IDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly ILogger<RedisConnection> _logger;

    public RedisConnection(IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        var redis = options.Value;
        Keys = new RedisKeys(redis.KeyPrefix);
        Breaker = new RedisCircuitBreaker(time, logger);
        // By default replies are read on the client's own threads, not the thread pool's. Under a load spike the pool's
        // queue holds every request's work, and a reply that waited its turn there timed out although Redis had answered
        // at once: the rate limit failed open and the breaker opened (bench/overload.sh). Two threads per connection.
        ConnectionMultiplexer.SetFeatureFlag("DedicatedThreads", redis.DedicatedThreads);
        _multiplexer = ConnectionMultiplexer.Connect(redis.ToConfigurationOptions());
        _multiplexer.ConnectionFailed += OnConnectionFailed;
        _multiplexer.ConnectionRestored += OnConnectionRestored;
        Database = _multiplexer.GetDatabase();
        if (!_multiplexer.IsConnected)
        {
            Breaker.Trip("not connected at start-up");
        }
    }

    public IDatabase Database { get; }

    /// <summary>For the OpenTelemetry Redis instrumentation, which profiles the commands of this one multiplexer.</summary>
    public IConnectionMultiplexer Multiplexer => _multiplexer;

    public ISubscriber Subscriber => _multiplexer.GetSubscriber();

    public RedisKeys Keys { get; }

    public RedisCircuitBreaker Breaker { get; }

    public bool IsConnected => _multiplexer.IsConnected;

    /// <summary>Raised when the connection comes back after a loss.</summary>
    public event Action? Restored;

    /// <summary>The failures a call to Redis can end in; everything else is a bug and propagates.</summary>
    public static bool IsFailure(Exception exception) => exception is RedisException or TimeoutException;

    /// <summary>
    /// A call that must not fail open (logins, user and policy administration): through the breaker, and
    /// Redis unusable becomes a <see cref="StoreUnavailableException"/> (503) naming <paramref name="what"/>.
    /// Not for the request hot path, whose adapters fail open and avoid the delegate.
    /// </summary>
    public async Task<T> CallOrThrowAsync<T>(Func<IDatabase, Task<T>> call, string what)
    {
        if (!Breaker.TryEnter())
        {
            throw new StoreUnavailableException($"Redis is unavailable; {what}.");
        }

        try
        {
            var result = await call(Database);
            Breaker.RecordSuccess();
            return result;
        }
        catch (Exception exception) when (IsFailure(exception))
        {
            Breaker.RecordFailure(exception);
            throw new StoreUnavailableException($"Redis is unavailable; {what}.", exception);
        }
    }

    public void Dispose()
    {
        _multiplexer.ConnectionFailed -= OnConnectionFailed;
        _multiplexer.ConnectionRestored -= OnConnectionRestored;
        _multiplexer.Dispose();
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            Breaker.Trip($"connection lost: {e.FailureType}");
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            LogRestored(_logger);
            Restored?.Invoke();
        }
    }

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Redis connection restored; the next call probes it")]
    private static partial void LogRestored(ILogger logger);
}

/// <summary>
/// Every key and channel the gateway uses, under one prefix. Keys that one script touches together share
/// the hash tag <c>{policy}</c>, so every script runs unchanged on Redis Cluster.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public RedisKey RateLimit(string userId, long windowMilliseconds) => $"{prefix}rl:{userId}:{windowMilliseconds}";

    // One user id's login keys share the hash tag {<hash of the user id>}: one script touches them together.
    public RedisKey LoginFailures(string userTag) => $"{prefix}login:{{{userTag}}}:failures";

    public RedisKey LoginPairFailures(string userTag, string clientAddress) => $"{prefix}login:{{{userTag}}}:failures:{clientAddress}";

    public RedisKey LoginPairWait(string userTag, string clientAddress) => $"{prefix}login:{{{userTag}}}:wait:{clientAddress}";

    public RedisKey Cache(string cacheKey) => $"{prefix}cache:{cacheKey}";

    // Spend: every key under the hash tag {spend}, since one script touches a request's windows, budget and usage together.

    /// <summary>A token window's base key; the scripts append <c>:&lt;minute&gt;</c>. <paramref name="scope"/>: k (key), u (user), t (team).</summary>
    public RedisKey TokenWindow(string scope, string id) => $"{prefix}{{spend}}:tpm:{scope}:{id}";

    /// <summary>A key's spend in nano-dollars in one budget period (<c>2026-12-07</c> or <c>2026-12</c>).</summary>
    public RedisKey Budget(string keyId, string periodId) => $"{prefix}{{spend}}:budget:{keyId}:{periodId}";

    /// <summary>One team's usage on one UTC day: a hash of <c>&lt;group&gt;|&lt;name&gt;|&lt;r, i, o or c&gt;</c> → count.</summary>
    public RedisKey Usage(string day, string teamId) => $"{prefix}{{spend}}:usage:{day}:{teamId}";

    /// <summary>The teams with usage on one UTC day.</summary>
    public RedisKey UsageTeams(string day) => $"{prefix}{{spend}}:usage:{day}";

    public RedisKey User(string userId) => $"{prefix}user:{userId}";

    public RedisKey ApiKey(string keyId) => $"{prefix}apikey:{keyId}";

    public RedisKey ApiKeyIndex { get; } = $"{prefix}apikeys";

    /// <summary>Key id → unix milliseconds of its last use (written at most once a minute per key and instance).</summary>
    public RedisKey ApiKeyLastUsed { get; } = $"{prefix}apikeys:last_used";

    /// <summary>The user ids, in a sorted set scored 0, so the listing pages in id order (ZRANGE BYLEX).</summary>
    public RedisKey UserIndex { get; } = $"{prefix}users";

    /// <summary>Every write of an account or a key publishes <c>u:&lt;user id&gt;</c> or <c>k:&lt;key id&gt;</c> here.</summary>
    public RedisChannel CredentialsChanged { get; } = RedisChannel.Literal($"{prefix}credentials:changed");

    public RedisKey PolicyVersions { get; } = $"{prefix}{{policy}}:versions";

    public RedisKey PolicyMeta { get; } = $"{prefix}{{policy}}:meta";

    public RedisChannel PolicyChanged { get; } = RedisChannel.Literal($"{prefix}policy:changed");

    public RedisKey Team(string teamId) => $"{prefix}team:{teamId}";

    /// <summary>The team ids, in a sorted set scored 0 (listed in id order).</summary>
    public RedisKey TeamIndex { get; } = $"{prefix}teams";

    /// <summary>One team's overlay versions (version → JSON), the last <c>HistoryLimit</c> of them.</summary>
    public RedisKey TeamPolicyVersions(string teamId) => $"{prefix}{{policy}}:team:{teamId}:versions";

    /// <summary>Team id → its live overlay version, for every team with an overlay.</summary>
    public RedisKey TeamPolicyLive { get; } = $"{prefix}{{policy}}:team_overlays";

    /// <summary>Every overlay publish or removal publishes the team id here.</summary>
    public RedisChannel TeamPolicyChanged { get; } = RedisChannel.Literal($"{prefix}policy:team:changed");
}
