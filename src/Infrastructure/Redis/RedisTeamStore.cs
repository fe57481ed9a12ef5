using System.Text.Json;
using LlmGateway.Application.Teams;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Teams as JSON under <c>team:{id}</c>, their ids in the sorted set <c>teams</c> for the listing. Writes go through
/// <see cref="RedisRecordWrite"/> like accounts and keys. The <c>default</c> team always exists: it is written at start
/// (<see cref="RedisTeamBackfill"/>) and answered as built in until then. Fails closed: <see cref="StoreUnavailableException"/>.
/// </summary>
internal sealed class RedisTeamStore(RedisConnection redis) : ITeamStore
{
    private const string What = "teams cannot be read or written";

    public static Team DefaultTeam { get; } = new(TeamIds.Default, "Default team", DateTimeOffset.UnixEpoch, "system");

    public async ValueTask<Team?> FindAsync(string teamId, CancellationToken cancellationToken) =>
        Deserialize(await CallAsync(db => db.StringGetAsync(redis.Keys.Team(teamId))))
            ?? (string.Equals(teamId, TeamIds.Default, StringComparison.Ordinal) ? DefaultTeam : null);

    public async ValueTask<bool> TryAddAsync(Team team, CancellationToken cancellationToken)
    {
        await CallAsync(db => db.SortedSetAddAsync(redis.Keys.TeamIndex, team.TeamId, 0));
        return await RedisRecordWrite.AddAsync(redis, redis.Keys.Team(team.TeamId), Serialize(team), Message(team.TeamId), What);
    }

    public async ValueTask<IReadOnlyList<Team>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await CallAsync(db => db.SortedSetRangeByRankAsync(redis.Keys.TeamIndex));
        var values = await CallAsync(db => Task.WhenAll(ids.Select(id => db.StringGetAsync(redis.Keys.Team(id.ToString())))));
        var teams = new List<Team>(values.Length + 1);
        var hasDefault = false;
        foreach (var value in values)
        {
            if (Deserialize(value) is { } team)
            {
                teams.Add(team);
                hasDefault |= string.Equals(team.TeamId, TeamIds.Default, StringComparison.Ordinal);
            }
        }

        if (!hasDefault)
        {
            teams.Add(DefaultTeam);
        }

        teams.Sort(static (a, b) => string.CompareOrdinal(a.TeamId, b.TeamId));
        return teams;
    }

    public ValueTask<Team?> UpdateAsync(string teamId, Func<Team, Team> change, CancellationToken cancellationToken) =>
        RedisRecordWrite.UpdateAsync(redis, redis.Keys.Team(teamId), RedisJsonContext.Default.Team, change, Message(teamId), static () => { }, $"The team {teamId}", What);

    public async ValueTask<bool> DeleteAsync(string teamId, CancellationToken cancellationToken)
    {
        var key = redis.Keys.Team(teamId);
        for (var attempt = 0; attempt < RedisRecordWrite.Attempts; attempt++)
        {
            var stored = await CallAsync(db => db.StringGetAsync(key));
            if (stored.IsNull)
            {
                return false;
            }

            if (await RedisRecordWrite.ReplaceAsync(redis, key, stored, RedisValue.EmptyString, Message(teamId), What))
            {
                await CallAsync(db => db.SortedSetRemoveAsync(redis.Keys.TeamIndex, teamId));
                return true;
            }
        }

        throw new StoreUnavailableException($"The team {teamId} kept changing under {RedisRecordWrite.Attempts} attempts to delete it.");
    }

    // Teams are not cached anywhere; the message only keeps RedisRecordWrite's one shape (the credential cache ignores it).
    private static RedisValue Message(string teamId) => "t:" + teamId;

    private static Team? Deserialize(RedisValue value) => value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, RedisJsonContext.Default.Team);

    private static byte[] Serialize(Team team) => JsonSerializer.SerializeToUtf8Bytes(team, RedisJsonContext.Default.Team);

    private Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call) => redis.CallOrThrowAsync(call, What);
}
