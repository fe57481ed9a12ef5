using LlmGateway.Application.Teams;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Teams as JSON under <c>team:{id}</c>, their ids in the sorted set <c>teams</c> for the listing. Read and written
/// like accounts and keys (<see cref="RedisJsonRecords{T}"/>). The <c>default</c> team always exists: it is written at start
/// (<see cref="RedisTeamBackfill"/>) and answered as built in until then. Fails closed: <see cref="StoreUnavailableException"/>.
/// </summary>
internal sealed class RedisTeamStore(RedisConnection redis)
    : RedisJsonRecords<Team>(
        redis,
        static team => team.TeamId,
        redis.Keys.Team,
        redis.Keys.TeamIndex,
        sortedIndex: true,
        RedisJsonContext.Default.Team,
        // Teams are not cached anywhere: nothing to forget, and the change message only keeps RedisRecordWrite's one
        // shape (the credential caches ignore it).
        static teamId => "t:" + teamId,
        static _ => { },
        "The team",
        "teams cannot be read or written"),
      ITeamStore
{
    public static Team DefaultTeam { get; } = new(TeamIds.Default, "Default team", DateTimeOffset.UnixEpoch, "system");

    public override async ValueTask<Team?> FindAsync(string id, CancellationToken cancellationToken) =>
        await base.FindAsync(id, cancellationToken) ?? (string.Equals(id, TeamIds.Default, StringComparison.Ordinal) ? DefaultTeam : null);

    public async ValueTask<IReadOnlyList<Team>> ListAsync(CancellationToken cancellationToken)
    {
        var teams = await GetAllAsync();
        if (!teams.Exists(static team => string.Equals(team.TeamId, TeamIds.Default, StringComparison.Ordinal)))
        {
            teams.Add(DefaultTeam);
        }

        teams.Sort(static (a, b) => string.CompareOrdinal(a.TeamId, b.TeamId));
        return teams;
    }
}
