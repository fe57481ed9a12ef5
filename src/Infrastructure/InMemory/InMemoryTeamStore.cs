using System.Collections.Concurrent;
using LlmGateway.Application.Teams;

namespace LlmGateway.Infrastructure.InMemory;

internal sealed class InMemoryTeamStore : ITeamStore
{
    private readonly ConcurrentDictionary<string, Team> _teams = new(StringComparer.Ordinal);

    public InMemoryTeamStore(TimeProvider time) =>
        _teams[TeamIds.Default] = new Team(TeamIds.Default, "Default team", time.GetUtcNow(), "system");

    public ValueTask<Team?> FindAsync(string teamId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_teams.TryGetValue(teamId, out var team) ? team : null);

    public ValueTask<bool> TryAddAsync(Team team, CancellationToken cancellationToken) => ValueTask.FromResult(_teams.TryAdd(team.TeamId, team));

    public ValueTask<IReadOnlyList<Team>> ListAsync(CancellationToken cancellationToken)
    {
        var teams = new List<Team>(_teams.Values);
        teams.Sort(static (a, b) => string.CompareOrdinal(a.TeamId, b.TeamId));
        return ValueTask.FromResult<IReadOnlyList<Team>>(teams);
    }

    public ValueTask<Team?> UpdateAsync(string teamId, Func<Team, Team> change, CancellationToken cancellationToken) =>
        InMemoryRecordUpdate.UpdateAsync(_teams, teamId, change);

    public ValueTask<bool> DeleteAsync(string teamId, CancellationToken cancellationToken) => ValueTask.FromResult(_teams.TryRemove(teamId, out _));
}
