using LlmGateway.Application.Teams;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Teams as JSON under <c>team:{id}</c>, their ids in the sorted set <c>teams</c> for the listing. Read and written
/// like accounts and keys (<see cref="RedisJsonRecords{T}"/>). The <c>default</c> team always exists: it is written at start
/// (<see cref="RedisTeamBackfill"/>) and answered as built in until then. Fails closed: <see cref="StoreUnavailableException"/>.
/// </summary>
internal sealed class RedisTeamStore(RedisConnection redis) : ITeamStore
{
    // Teams are not cached anywhere: nothing to forget, and the change message only keeps RedisRecordWrite's one shape
    // (the credential caches ignore it).
    private readonly RedisJsonRecords<Team> _records = new(
        redis,
        redis.Keys.Team,
        redis.Keys.TeamIndex,
        sortedIndex: true,
        RedisJsonContext.Default.Team,
        static teamId => "t:" + teamId,
        static _ => { },
        "The team",
        "teams cannot be read or written");

    public static Team DefaultTeam { get; } = new(TeamIds.Default, "Default team", DateTimeOffset.UnixEpoch, "system");

    public async ValueTask<Team?> FindAsync(string teamId, CancellationToken cancellationToken) =>
        await _records.FindAsync(teamId) ?? (string.Equals(teamId, TeamIds.Default, StringComparison.Ordinal) ? DefaultTeam : null);

    public async ValueTask<bool> TryAddAsync(Team team, CancellationToken cancellationToken) => await _records.TryAddAsync(team.TeamId, team);

    public async ValueTask<IReadOnlyList<Team>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await _records.CallAsync(db => db.SortedSetRangeByRankAsync(redis.Keys.TeamIndex));
        var teams = await _records.GetManyAsync(ids, ids.Length);
        if (!teams.Exists(static team => string.Equals(team.TeamId, TeamIds.Default, StringComparison.Ordinal)))
        {
            teams.Add(DefaultTeam);
        }

        teams.Sort(static (a, b) => string.CompareOrdinal(a.TeamId, b.TeamId));
        return teams;
    }

    public ValueTask<Team?> UpdateAsync(string teamId, Func<Team, Team> change, CancellationToken cancellationToken) => _records.UpdateAsync(teamId, change);

    public async ValueTask<bool> DeleteAsync(string teamId, CancellationToken cancellationToken) => await _records.DeleteAsync(teamId);
}
