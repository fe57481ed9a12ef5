namespace LlmGateway.Application.Ports;

/// <summary>
/// Teams by id. The authoritative copy, read fresh; not on the request path. Fails closed: a store that cannot be reached
/// throws <see cref="StoreUnavailableException"/>. The <c>default</c> team is created at start-up and cannot be deleted.
/// </summary>
public interface ITeamStore
{
    ValueTask<Team?> FindAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>Adds the team; false when the id is taken.</summary>
    ValueTask<bool> TryAddAsync(Team team, CancellationToken cancellationToken);

    /// <summary>Every team, in ordinal id order.</summary>
    ValueTask<IReadOnlyList<Team>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the stored team with <c>change(stored)</c>, atomically; null when there is no such team.</summary>
    ValueTask<Team?> UpdateAsync(string teamId, Func<Team, Team> change, CancellationToken cancellationToken);

    /// <summary>Removes the team; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string teamId, CancellationToken cancellationToken);
}

public sealed record Team(string TeamId, string Name, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? UpdatedAt = null);
