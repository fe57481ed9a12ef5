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
        SemanticInspection semanticInspection)
    {
        Version = version;
        Document = document;
        Inspector = inspector;
        BlockedTerms = blockedTerms;
        OutputFilter = outputFilter;
        UserLimits = userLimits;
        AdminLimits = adminLimits;
        SemanticInspection = semanticInspection;
        _allowedModels = document.Models.Allowed.ToFrozenSet(StringComparer.Ordinal);
    }

    public long Version { get; }

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

    public RoleLimits LimitsFor(Role role) => role == Role.Admin ? AdminLimits : UserLimits;

    public bool IsModelAllowed(string model) => _allowedModels.Count == 0 || _allowedModels.Contains(model);
}
