using LlmGateway.Application;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Infrastructure.InMemory;

/// <summary>
/// Policy versions kept in this process. Starts from the default policy (docs/configuration.md) as version 1, with the
/// user limits taken from RATE_LIMIT/RATE_WINDOW. Publishing compiles the new version and swaps the
/// snapshot reference (teams' overlays are compiled over it first, <see cref="TeamPolicies"/>); readers never lock.
/// </summary>
internal sealed class InMemoryPolicyStore : IPolicyStore, IPolicyAdministration
{
    private readonly Lock _gate = new();
    private readonly VersionHistory<PolicyVersionRecord> _history = new(static record => record.Version);
    private readonly RoleLimits _fallbackLimits;
    private readonly TimeProvider _time;
    private readonly TeamPolicies _teams;
    private volatile PolicySnapshot _current;

    public InMemoryPolicyStore(IOptions<GatewayOptions> options, TimeProvider time, TeamPolicies teams)
    {
        _teams = teams;
        var gateway = options.Value;
        _time = time;
        _fallbackLimits = gateway.FallbackLimits();
        var seed = new PolicyVersionRecord(1, gateway.DefaultPolicyDocument(), "system", time.GetUtcNow());
        _history.Add(seed);
        _current = PolicyCompiler.Compile(seed.Document, seed.Version, _fallbackLimits);
        _teams.GlobalChanged(_current);
    }

    public PolicySnapshot Current => _current;

    public PolicySnapshot ForTeam(string teamId) => _teams.For(teamId) ?? _current;

    public ValueTask<PolicyVersionRecord> GetCurrentAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_history.Live!);
        }
    }

    public ValueTask<PolicyVersionRecord?> GetVersionAsync(long version, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_history.Find(version));
        }
    }

    public ValueTask<IReadOnlyList<PolicyVersionRecord>> GetHistoryAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_history.Newest(limit));
        }
    }

    public ValueTask<PolicyPublishResult> PublishAsync(PolicyDocument document, string updatedBy, long? expectedVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var live = _history.LiveVersion;
            if (expectedVersion is { } expected && expected != live)
            {
                return ValueTask.FromResult(new PolicyPublishResult(null, live));
            }

            var record = new PolicyVersionRecord(live + 1, document, updatedBy, _time.GetUtcNow());
            var snapshot = PolicyCompiler.Compile(document, record.Version, _fallbackLimits);
            _history.Add(record);

            _teams.GlobalChanged(snapshot);
            _current = snapshot;
            return ValueTask.FromResult(new PolicyPublishResult(record, record.Version));
        }
    }
}
