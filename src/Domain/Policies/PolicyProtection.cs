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

        return changes;
    }
}
