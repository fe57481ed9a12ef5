using System.Text.Json;

namespace LlmGateway.Infrastructure.InMemory;

/// <summary>Teams' overlay versions kept in this process; each publish is compiled into <see cref="TeamPolicies"/> at once.</summary>
internal sealed class InMemoryTeamPolicyStore(TeamPolicies compiled, TimeProvider time) : ITeamPolicyAdministration
{
    private static readonly JsonElement EmptyOverlay = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly Lock _gate = new();
    private readonly Dictionary<string, VersionHistory<PolicyOverlayRecord>> _histories = new(StringComparer.Ordinal);

    /// <summary>What a team without an overlay answers: version 0, nothing set.</summary>
    public static PolicyOverlayRecord None(DateTimeOffset at) => new(0, EmptyOverlay, "system", at);

    public ValueTask<PolicyOverlayRecord> GetCurrentAsync(string teamId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_histories.TryGetValue(teamId, out var history) ? history.Live! : None(time.GetUtcNow()));
        }
    }

    public ValueTask<PolicyOverlayRecord?> GetVersionAsync(string teamId, long version, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_histories.TryGetValue(teamId, out var history) ? history.Find(version) : null);
        }
    }

    public ValueTask<IReadOnlyList<PolicyOverlayRecord>> GetHistoryAsync(string teamId, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<PolicyOverlayRecord>>(_histories.TryGetValue(teamId, out var history) ? history.Newest(limit) : []);
        }
    }

    public ValueTask<PolicyOverlayPublishResult> PublishAsync(string teamId, JsonElement overlay, string updatedBy, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_histories.TryGetValue(teamId, out var history))
            {
                _histories[teamId] = history = new VersionHistory<PolicyOverlayRecord>(static record => record.Version);
            }

            var live = history.LiveVersion;
            if (expectedVersion != live)
            {
                return ValueTask.FromResult(new PolicyOverlayPublishResult(null, live));
            }

            var record = new PolicyOverlayRecord(live + 1, overlay.Clone(), updatedBy, time.GetUtcNow());
            history.Add(record);

            compiled.OverlayChanged(teamId, record);
            return ValueTask.FromResult(new PolicyOverlayPublishResult(record, record.Version));
        }
    }

    public ValueTask DeleteAsync(string teamId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _histories.Remove(teamId);
            compiled.OverlayChanged(teamId, null);
        }

        return ValueTask.CompletedTask;
    }
}
