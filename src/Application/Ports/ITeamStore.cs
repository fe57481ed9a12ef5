namespace LlmGateway.Application.Ports;

/// <summary>
/// Teams by id; not on the request path. The <c>default</c> team is created at start-up and cannot be deleted.
/// </summary>
public interface ITeamStore : IRecordStore<Team>
{
    /// <summary>Every team, in ordinal id order.</summary>
    ValueTask<IReadOnlyList<Team>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Removes the team; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string teamId, CancellationToken cancellationToken);
}

public sealed record Team(string TeamId, string Name, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? UpdatedAt = null);
