using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Accounts stored before the user listing existed are in no index: once per start, every <c>user:*</c> key on every
/// primary is added to the <c>users</c> sorted set (idempotent; SCAN, never KEYS). Retried until Redis answers.
/// </summary>
internal sealed partial class RedisUserIndexBackfill(RedisConnection redis, IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisUserIndexBackfill> logger)
    : BackgroundService
{
    private const int Batch = 500;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var prefix = options.Value.KeyPrefix + "user:";
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var added = 0L;
                foreach (var server in redis.Multiplexer.GetServers())
                {
                    if (server.IsReplica || !server.IsConnected)
                    {
                        continue;
                    }

                    var ids = new List<RedisValue>(Batch);
                    await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: Batch).WithCancellation(stoppingToken))
                    {
                        ids.Add(((string)key!)[prefix.Length..]);
                        if (ids.Count == Batch)
                        {
                            added += await AddAsync(ids);
                        }
                    }

                    added += await AddAsync(ids);
                }

                LogDone(logger, added);
                return;
            }
            catch (Exception exception) when (RedisConnection.IsFailure(exception))
            {
                await Task.Delay(RetryInterval, time, stoppingToken);
            }
        }
    }

    private async Task<long> AddAsync(List<RedisValue> ids)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var entries = new SortedSetEntry[ids.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new SortedSetEntry(ids[i], 0);
        }

        ids.Clear();
        return await redis.Database.SortedSetAddAsync(redis.Keys.UserIndex, entries);
    }

    [LoggerMessage(EventId = 322, Level = LogLevel.Information, Message = "User listing index checked: {Added} accounts stored before it existed were added")]
    private static partial void LogDone(ILogger logger, long added);
}
