using System.Collections.Frozen;
using LlmGateway.Application;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Infrastructure;

/// <summary>
/// Each team's policy in force: the global document with the team's overlay merged in (JSON merge patch), compiled once
/// whenever the global policy or the overlay changes — never per request. The request path reads one frozen lookup
/// (<see cref="For"/>); a team without an overlay gets the global snapshot itself. Fed by the global policy store (every
/// swap) and the team overlay store (every overlay change), in either order.
/// </summary>
internal sealed partial class TeamPolicies(IOptions<GatewayOptions> options, ILogger<TeamPolicies> logger)
{
    private static readonly State Empty = new(null, FrozenDictionary<string, PolicyOverlayRecord>.Empty, FrozenDictionary<string, PolicySnapshot>.Empty);

    private readonly RoleLimits _fallbackLimits = options.Value.FallbackLimits();
    private readonly Lock _gate = new();
    private volatile State _state = Empty;

    /// <summary>The team's compiled policy, or null when it has no overlay (the global snapshot applies).</summary>
    public PolicySnapshot? For(string teamId) => _state.Compiled.TryGetValue(teamId, out var snapshot) ? snapshot : null;

    /// <summary>The overlay version in force for the team here; 0 when it has none.</summary>
    public long OverlayVersion(string teamId) => _state.Overlays.TryGetValue(teamId, out var overlay) ? overlay.Version : 0;

    /// <summary>The teams with an overlay in force here.</summary>
    public IReadOnlyCollection<string> Teams => _state.Overlays.Keys;

    /// <summary>Compiles every overlay over the new global snapshot; call before the new global snapshot is swapped in.</summary>
    public void GlobalChanged(PolicySnapshot global)
    {
        lock (_gate)
        {
            var state = _state;
            if (state.Global is { } known && global.Version < known.Version)
            {
                return; // two swaps raced; versions only move forward
            }

            var compiled = new Dictionary<string, PolicySnapshot>(state.Overlays.Count, StringComparer.Ordinal);
            foreach (var (team, overlay) in state.Overlays)
            {
                if ((Compile(global, team, overlay) ?? state.Compiled.GetValueOrDefault(team)) is { } snapshot)
                {
                    compiled[team] = snapshot;
                }
            }

            _state = new State(global, state.Overlays, compiled.ToFrozenDictionary(StringComparer.Ordinal));
        }
    }

    /// <summary>Puts <paramref name="overlay"/> in force for the team (null: the team has none any more).</summary>
    public void OverlayChanged(string teamId, PolicyOverlayRecord? overlay)
    {
        lock (_gate)
        {
            var state = _state;
            var overlays = new Dictionary<string, PolicyOverlayRecord>(state.Overlays, StringComparer.Ordinal);
            var compiled = new Dictionary<string, PolicySnapshot>(state.Compiled, StringComparer.Ordinal);
            if (overlay is null)
            {
                overlays.Remove(teamId);
                compiled.Remove(teamId);
            }
            else
            {
                overlays[teamId] = overlay;
                if (state.Global is { } global && Compile(global, teamId, overlay) is { } snapshot)
                {
                    compiled[teamId] = snapshot;
                }
            }

            _state = new State(state.Global, overlays.ToFrozenDictionary(StringComparer.Ordinal), compiled.ToFrozenDictionary(StringComparer.Ordinal));
            LogOverlayInForce(logger, teamId, overlay?.Version ?? 0);
        }
    }

    /// <summary>The global document with the overlay merged in, compiled; null (logged) when that does not compile.</summary>
    private PolicySnapshot? Compile(PolicySnapshot global, string team, PolicyOverlayRecord overlay)
    {
        var problems = new List<PolicyProblem>();
        var document = PolicyDocumentJson.Read(PolicyDocumentJson.MergePatch(global.Document, overlay.Overlay), problems);
        try
        {
            if (document is not null)
            {
                return PolicyCompiler.Compile(document, global.Version, _fallbackLimits, team, overlay.Version);
            }
        }
        catch (ArgumentException exception)
        {
            LogUncompilable(logger, exception, team, overlay.Version, global.Version);
            return null;
        }

        LogUncompilable(logger, null, team, overlay.Version, global.Version);
        return null;
    }

    private sealed record State(
        PolicySnapshot? Global,
        FrozenDictionary<string, PolicyOverlayRecord> Overlays,
        FrozenDictionary<string, PolicySnapshot> Compiled);

    [LoggerMessage(EventId = 314, Level = LogLevel.Information, Message = "Team {TeamId:l}: policy overlay v{OverlayVersion} now in force (0: none)")]
    private static partial void LogOverlayInForce(ILogger logger, string teamId, long overlayVersion);

    // Validation stops such overlays at the API; a global change can still make one that compiled stop compiling.
    [LoggerMessage(EventId = 315, Level = LogLevel.Error,
        Message = "Team {TeamId:l}: overlay v{OverlayVersion} does not compile over global policy v{GlobalVersion}; the team keeps the policy it had (or the global one)")]
    private static partial void LogUncompilable(ILogger logger, Exception? exception, string teamId, long overlayVersion, long globalVersion);
}
