using System.Text.Json;

namespace LlmGateway.Application.Ports;

/// <summary>
/// Teams' policy overlays: per team, versions of a partial policy document (a JSON merge patch) that every instance
/// merges over the global policy and compiles once into the team's snapshot (<see cref="IPolicyStore.ForTeam"/>). Not on the
/// request hot path; implementations may go to the network and fail closed (<see cref="StoreUnavailableException"/>).
/// </summary>
public interface ITeamPolicyAdministration
{
    /// <summary>The team's live overlay; version 0 with an empty overlay while the team has none.</summary>
    ValueTask<PolicyOverlayRecord> GetCurrentAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>One version, or null when it never existed or has aged out of the history.</summary>
    ValueTask<PolicyOverlayRecord?> GetVersionAsync(string teamId, long version, CancellationToken cancellationToken);

    /// <summary>Versions, newest first, at most <paramref name="limit"/>; empty while the team has none.</summary>
    ValueTask<IReadOnlyList<PolicyOverlayRecord>> GetHistoryAsync(string teamId, int limit, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="overlay"/> (a JSON object) the team's live overlay as the next version, only while <paramref name="expectedVersion"/> is live.</summary>
    ValueTask<PolicyOverlayPublishResult> PublishAsync(string teamId, JsonElement overlay, string updatedBy, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Drops the team's overlay and its history (the team was deleted); its callers fall back to the global policy.</summary>
    ValueTask DeleteAsync(string teamId, CancellationToken cancellationToken);
}

/// <param name="Overlay">A JSON object: the fields of the policy document the team sets over the global policy.</param>
public sealed record PolicyOverlayRecord(long Version, JsonElement Overlay, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <param name="Published">The new version, or null when the expected version was stale.</param>
public readonly record struct PolicyOverlayPublishResult(PolicyOverlayRecord? Published, long CurrentVersion);
