using System.Collections.Frozen;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Inspection;

namespace LlmGateway.Domain.Policies;

/// <summary>
/// One policy version, compiled and immutable. Readers take the current snapshot once per request and
/// never lock; a policy change builds a new snapshot and swaps the reference.
/// </summary>
public sealed class PolicySnapshot
{
    private readonly FrozenSet<string> _allowedModels;

    internal PolicySnapshot(
        long version,
        PolicyDocument document,
        PromptInspector inspector,
        WholeWordMatcher blockedTerms,
        OutputFilter outputFilter,
        RoleLimits userLimits,
        RoleLimits adminLimits,
        RoleLimits teamAdminLimits,
        SemanticInspection semanticInspection,
        string? team = null,
        long overlayVersion = 0)
    {
        Version = version;
        Team = team;
        OverlayVersion = overlayVersion;
        Document = document;
        Inspector = inspector;
        BlockedTerms = blockedTerms;
        OutputFilter = outputFilter;
        UserLimits = userLimits;
        AdminLimits = adminLimits;
        TeamAdminLimits = teamAdminLimits;
        SemanticInspection = semanticInspection;
        _allowedModels = document.Models.Allowed.ToFrozenSet(StringComparer.Ordinal);
        foreach (var name in document.Models.RefusedInputs)
        {
            RefusedInputs |= Chat.InputPartNames.Parse(name);
        }

        var disabled = new List<string>();
        foreach (var (name, setting) in document.Plugins)
        {
            if (setting is { Enabled: false })
            {
                disabled.Add(name);
            }
        }

        DisabledPlugins = disabled.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The guardrail plugins this policy switches off (<c>plugins.&lt;name&gt;.enabled: false</c>), by name; usually empty.</summary>
    public FrozenSet<string> DisabledPlugins { get; }

    /// <summary>Kinds of content part this policy refuses (<c>models.refused_inputs</c>).</summary>
    public Chat.InputParts RefusedInputs { get; }

    /// <summary>The global policy version this snapshot was compiled from.</summary>
    public long Version { get; }

    /// <summary>Set when this is a team's policy: the global document with the team's overlay merged in.</summary>
    public string? Team { get; }

    /// <summary>The version of <see cref="Team"/>'s overlay merged in; 0 for the global policy.</summary>
    public long OverlayVersion { get; }

    public PolicyDocument Document { get; }

    /// <summary>False in <c>monitor</c> mode: every decision is recorded, nothing is blocked.</summary>
    public bool Enforces => Document.Mode == PolicyMode.Enforce;

    public PromptInspector Inspector { get; }

    /// <summary>When the semantic tier scores prompts; <see cref="SemanticInspection.Off"/> whenever prompt inspection is disabled.</summary>
    public SemanticInspection SemanticInspection { get; }

    /// <summary>Who shares a cached answer.</summary>
    public CacheScope CacheScope => Document.Cache.Scope;

    public WholeWordMatcher BlockedTerms { get; }

    public OutputFilter OutputFilter { get; }

    public RoleLimits UserLimits { get; }

    public RoleLimits AdminLimits { get; }

    /// <summary><c>limits.team_admin</c>, or the user limits when the document has none.</summary>
    public RoleLimits TeamAdminLimits { get; }

    public RoleLimits LimitsFor(Role role) => role switch
    {
        Role.Admin => AdminLimits,
        Role.TeamAdmin => TeamAdminLimits,
        _ => UserLimits,
    };

    public bool IsModelAllowed(string model) => _allowedModels.Count == 0 || _allowedModels.Contains(model);
}
