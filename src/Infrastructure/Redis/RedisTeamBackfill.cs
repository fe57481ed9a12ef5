using System.Text.Json.Serialization.Metadata;
using LlmGateway.Application.Teams;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Data stored before teams existed lands in the <c>default</c> team: once per start the <c>default</c> team is written if
/// missing, and every account (<c>user:*</c>) and API key (<c>apikey:*</c>) without a <c>team_id</c> on every primary is
/// rewritten with <c>team_id: default</c> (compare-and-set, so a concurrent change is never lost; SCAN, never KEYS).
/// Until then such a record already reads as in <c>default</c>. Idempotent; retried until Redis answers. A finished pass
/// leaves a marker, so later starts (every instance, every deploy) do not read every record again; a record an older
/// gateway writes afterwards still reads as in <c>default</c>.
/// </summary>
internal sealed partial class RedisTeamBackfill(RedisConnection redis, ITeamStore teams, IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisTeamBackfill> logger)
    : BackgroundService
{
    private const int Batch = 500;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var done = (RedisKey)(options.Value.KeyPrefix + "teams:backfilled");
                if (await redis.Database.KeyExistsAsync(done))
                {
                    return;
                }

                await teams.TryAddAsync(RedisTeamStore.DefaultTeam with { CreatedAt = time.GetUtcNow() }, stoppingToken);
                var users = await BackfillAsync("user:", RedisJsonContext.Default.UserAccount, static a => a with { TeamId = TeamIds.Default }, stoppingToken);
                var keys = await BackfillAsync("apikey:", RedisJsonContext.Default.ApiKeyRecord, static k => k with { TeamId = TeamIds.Default }, stoppingToken);
                LogDone(logger, users, keys);
                await redis.Database.StringSetAsync(done, "1");
                return;
            }
            catch (Exception exception) when (RedisConnection.IsFailure(exception) || exception is StoreUnavailableException)
            {
                await Task.Delay(RetryInterval, time, stoppingToken);
            }
        }
    }

    private async Task<int> BackfillAsync<T>(string kind, JsonTypeInfo<T> json, Func<T, T> intoDefault, CancellationToken stoppingToken)
        where T : class
    {
        var prefix = options.Value.KeyPrefix + kind;
        var written = 0;
        foreach (var server in redis.Multiplexer.GetServers())
        {
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: Batch).WithCancellation(stoppingToken))
            {
                var stored = await redis.Database.StringGetAsync(key);
                if (stored.IsNull || ((byte[])stored!).AsSpan().IndexOf("\"team_id\""u8) >= 0)
                {
                    continue;
                }

                // A record of another kind under the prefix (none today) is left alone: it does not read as T.
                var updated = await RedisRecordWrite.UpdateAsync(
                    redis, key, json, intoDefault, Message(kind, ((string)key!)[prefix.Length..]), static () => { }, $"The record {key}", "records cannot be moved into the default team");
                written += updated is null ? 0 : 1;
            }
        }

        return written;
    }

    // The change message the credential caches expect, so an instance holding the record reads it again.
    private static RedisValue Message(string kind, string id) =>
        kind == "user:" ? RedisCredentialCache.UserMessage(id) : RedisCredentialCache.KeyMessage(id);

    [LoggerMessage(EventId = 323, Level = LogLevel.Information, Message = "Teams: {Users} accounts and {Keys} API keys stored before teams existed were put in the default team")]
    private static partial void LogDone(ILogger logger, int users, int keys);
}
