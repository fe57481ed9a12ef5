using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Ports;

/// <summary>
/// The admin side of the policy store: versions with their history. Publishing compiles nothing here —
/// every instance compiles the new version once into its <see cref="IPolicyStore.Current"/> snapshot.
/// Not on the request hot path; implementations may go to the network.
/// </summary>
public interface IPolicyAdministration
{
    /// <summary>The live version with who published it and when.</summary>
    ValueTask<PolicyVersionRecord> GetCurrentAsync(CancellationToken cancellationToken);

    /// <summary>One version, or null when it never existed or has aged out of the history.</summary>
    ValueTask<PolicyVersionRecord?> GetVersionAsync(long version, CancellationToken cancellationToken);

    /// <summary>Earlier and current versions, newest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<PolicyVersionRecord>> GetHistoryAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="document"/> the live policy as the next version. With <paramref name="expectedVersion"/>
    /// set, publishes only while that version is still the live one (optimistic concurrency, If-Match).
    /// </summary>
    ValueTask<PolicyPublishResult> PublishAsync(PolicyDocument document, string updatedBy, long? expectedVersion, CancellationToken cancellationToken);
}

public sealed record PolicyVersionRecord(long Version, PolicyDocument Document, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <param name="Published">The new version, or null when <c>expectedVersion</c> was stale.</param>
/// <param name="CurrentVersion">The live version after the call.</param>
public readonly record struct PolicyPublishResult(PolicyVersionRecord? Published, long CurrentVersion)
{
    public bool IsStale => Published is null;
}
