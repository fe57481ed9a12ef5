using LlmGateway.Application.Teams;

namespace LlmGateway.Infrastructure.InMemory;

internal sealed class InMemoryTeamStore : InMemoryRecordStore<Team>, ITeamStore
{
    public InMemoryTeamStore(TimeProvider time)
        : base(static team => team.TeamId) =>
        Records[TeamIds.Default] = new Team(TeamIds.Default, "Default team", time.GetUtcNow(), "system");

    public ValueTask<IReadOnlyList<Team>> ListAsync(CancellationToken cancellationToken)
    {
        var teams = new List<Team>(Records.Values);
        teams.Sort(static (a, b) => string.CompareOrdinal(a.TeamId, b.TeamId));
        return ValueTask.FromResult<IReadOnlyList<Team>>(teams);
    }
}
