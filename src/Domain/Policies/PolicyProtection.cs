namespace LlmGateway.Domain.Policies;

/// <summary>
/// The changes between two policy documents that switch a protection off: the ones a careless edit (a field left out, a
/// list emptied) makes as easily as a deliberate one, so the admin API publishes them only when the request confirms them.
/// Only a change from on to off counts; a document that was already off stays publishable.
/// </summary>
public static class PolicyProtection
{
    /// <returns>Each protection <paramref name="after"/> switches off, as its path and what the change does; empty when none.</returns>
    public static List<PolicyProblem> TurnedOff(PolicyDocument before, PolicyDocument after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<PolicyProblem>();
        if (before.Mode == PolicyMode.Enforce && after.Mode == PolicyMode.Monitor)
        {
            changes.Add(new PolicyProblem("mode", "switches from enforce to monitor: nothing is blocked any more."));
        }

        var wasInspecting = before.PromptInspection.Enabled;
        if (wasInspecting && !after.PromptInspection.Enabled)
        {
            changes.Add(new PolicyProblem("prompt_inspection.enabled", "switches prompt inspection off."));
        }
        else if (wasInspecting && before.PromptInspection.Rules.Count > 0 && after.PromptInspection.Rules.Count == 0)
        {
            changes.Add(new PolicyProblem("prompt_inspection.rules", "empties the inspection rules."));
        }

        if (before.Redaction.Detectors.Count > 0 && after.Redaction.Detectors.Count == 0)
        {
            changes.Add(new PolicyProblem("redaction.detectors", "empties the output detectors: secrets and personal data pass unredacted."));
        }

        if (before.BlockedTerms.Count > 0 && after.BlockedTerms.Count == 0)
        {
            changes.Add(new PolicyProblem("blocked_terms", "empties the blocked terms."));
        }

        foreach (var (name, setting) in after.Plugins)
        {
            if (setting is { Enabled: false } && IsPluginOn(before, name))
            {
                changes.Add(new PolicyProblem($"plugins.{name}.enabled", $"switches guardrail plugin '{name}' off."));
            }
        }

        return changes;
    }

    /// <summary>A plugin runs under a policy unless the policy switches it off by name.</summary>
    private static bool IsPluginOn(PolicyDocument policy, string name) =>
        !policy.Plugins.TryGetValue(name, out var setting) || setting is not { Enabled: false };

    /// <summary>
    /// The global policy's blocked terms, output detectors and inspection rules that a team's policy (<paramref name="after"/>:
    /// its overlay merged over <paramref name="global"/>) no longer has while it had them <paramref name="before"/>. An
    /// overlay's list replaces the global list whole (a merge patch), so a team's edit can drop global entries without
    /// emptying anything; that is a protection switched off for the team like any other.
    /// </summary>
    public static List<PolicyProblem> DroppedFromGlobal(PolicyDocument global, PolicyDocument before, PolicyDocument after)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<PolicyProblem>();
        if (CountDropped(global.BlockedTerms, before.BlockedTerms, after.BlockedTerms, static t => t) is > 0 and var terms)
        {
            changes.Add(new PolicyProblem("blocked_terms", $"drops {terms} of the global policy's blocked terms for this team."));
        }

        if (CountDropped(global.Redaction.Detectors, before.Redaction.Detectors, after.Redaction.Detectors, static d => d) is > 0 and var detectors)
        {
            changes.Add(new PolicyProblem("redaction.detectors", $"drops {detectors} of the global policy's output detectors for this team."));
        }

        if (CountDropped(global.PromptInspection.Rules, before.PromptInspection.Rules, after.PromptInspection.Rules, static r => r.Id) is > 0 and var rules)
        {
            changes.Add(new PolicyProblem("prompt_inspection.rules", $"drops {rules} of the global policy's inspection rules for this team."));
        }

        return changes;
    }

    private static int CountDropped<T>(IReadOnlyList<T> global, IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> key)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in after)
        {
            kept.Add(key(entry));
        }

        var had = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in before)
        {
            had.Add(key(entry));
        }

        var dropped = 0;
        foreach (var entry in global)
        {
            var name = key(entry);
            if (had.Contains(name) && !kept.Contains(name))
            {
                dropped++;
            }
        }

        return dropped;
    }
}
