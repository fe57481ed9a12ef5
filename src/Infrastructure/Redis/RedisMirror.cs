using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// What this instance enforces, kept in line with what Redis holds (the global policy, the teams' overlays): a refresh on
/// every change message, on a reconnect, and on a periodic check that covers missed messages. One refresh runs at a time.
/// The request path never waits on Redis; an outage leaves what is in force here in force.
/// </summary>
internal abstract class RedisMirror : IHostedService, IDisposable
{
    private readonly RedisChannel _changes;
    private readonly TimeSpan _refreshInterval;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _refreshLoop;
    private bool _disposed;
    private bool _subscribed;

    protected RedisMirror(RedisConnection redis, RedisChannel changes, IOptions<RedisOptions> options, TimeProvider time)
    {
        Redis = redis;
        _changes = changes;
        Time = time;
        _refreshInterval = TimeSpan.FromSeconds(Math.Max(1, options.Value.PolicyRefreshSeconds));
    }

    protected RedisConnection Redis { get; }

    protected TimeProvider Time { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Redis.Restored += OnRedisRestored;
        await TrySubscribeAsync();
        try
        {
            await RefreshAsync();
        }
        catch (StoreUnavailableException)
        {
            OnStartedWithoutRedis();
        }

        _refreshLoop = RefreshPeriodicallyAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host torn down in a hurry (test fixtures) may dispose its services before stopping them.
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_refreshLoop is not null)
        {
            await _refreshLoop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        Redis.Restored -= OnRedisRestored;
        _stopping.Dispose();
        _refreshGate.Dispose();
    }

    /// <summary>Brings this instance in line with Redis now; throws <see cref="StoreUnavailableException"/> when Redis is unusable.</summary>
    internal async Task RefreshAsync()
    {
        await TrySubscribeAsync();
        await _refreshGate.WaitAsync();
        try
        {
            await RefreshCoreAsync();
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>One refresh; never two at once.</summary>
    protected abstract Task RefreshCoreAsync();

    /// <summary>Redis was unusable at start-up: say what is in force until it answers.</summary>
    protected abstract void OnStartedWithoutRedis();

    private async Task RefreshPeriodicallyAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_refreshInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await RefreshQuietlyAsync();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    // Once subscribed, the multiplexer restores the subscription after every reconnect by itself.
    private async Task TrySubscribeAsync()
    {
        if (_subscribed)
        {
            return;
        }

        try
        {
            await Redis.Subscriber.SubscribeAsync(_changes, (_, _) => _ = RefreshQuietlyAsync());
            _subscribed = true;
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            // Redis is down; the periodic check tries again.
        }
    }

    // Back from an outage: catch up now rather than at the next periodic check.
    private void OnRedisRestored() => _ = RefreshQuietlyAsync();

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (StoreUnavailableException)
        {
            // The breaker has logged the outage; what is in force here stays; the periodic check retries.
        }
        catch (ObjectDisposedException)
        {
            // A message that arrived while the host shut down.
        }
    }
}
