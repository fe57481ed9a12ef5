namespace LlmGateway.Domain.Inspection;

/// <param name="Score">Sum of the scores of the distinct rules that matched.</param>
/// <param name="RuleIds">Ids of the matched rules, in rule order; empty when nothing matched.</param>
/// <param name="ThresholdReached">True when the score reached the policy's block threshold.</param>
public readonly record struct InspectionVerdict(double Score, IReadOnlyList<string> RuleIds, bool ThresholdReached)
{
    public static InspectionVerdict Clean { get; } = new(0, [], false);

    public bool IsClean => RuleIds.Count == 0;

    public InspectionVerdict Combine(InspectionVerdict other, double threshold)
    {
        if (other.IsClean)
        {
            return this;
        }

        if (IsClean)
        {
            return other;
        }

        var ids = new List<string>(RuleIds);
        foreach (var id in other.RuleIds)
        {
            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        var score = Score + other.Score;
        return new InspectionVerdict(score, ids, score >= threshold);
    }
}
