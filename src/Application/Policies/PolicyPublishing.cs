using System.Text.Json;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Policies;

/// <summary>
/// What publishing the global policy and a team's overlay have in common: reading a document strictly and validating it,
/// the protection-off rule, and the one shape every refusal takes (problems grouped by path).
/// </summary>
internal static class PolicyPublishing
{
    /// <summary>A change without If-Match is re-applied to a newer live version this often before it is refused.</summary>
    public const int Attempts = 3;

    /// <summary>The document <paramref name="json"/> holds, validated; null with every problem added to <paramref name="problems"/>.</summary>
    public static PolicyDocument? ReadValid(JsonElement json, List<PolicyProblem> problems, PolicyDocumentValidator documents)
    {
        var document = PolicyDocumentJson.Read(json, problems);
        if (document is not null)
        {
            foreach (var error in documents.Validate(document).Errors)
            {
                problems.Add(new PolicyProblem(error.PropertyName, error.ErrorMessage));
            }
        }

        return problems.Count > 0 ? null : document;
    }

    /// <summary>A refusal when <paramref name="turnedOff"/> names a protection and the request did not confirm it; null otherwise.</summary>
    public static GatewayFailure? RefuseProtectionOff(List<PolicyProblem> turnedOff, bool confirmed) =>
        turnedOff.Count > 0 && !confirmed ? PolicyFailures.ProtectionOffUnconfirmed(Group(turnedOff)) : null;

    public static GatewayFailure Invalid(List<PolicyProblem> problems) =>
        new(GatewayError.ValidationFailed, "The policy document is invalid; see errors.") { Errors = Group(problems) };

    public static Dictionary<string, string[]> Group(List<PolicyProblem> problems)
    {
        var grouped = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var problem in problems)
        {
            if (!grouped.TryGetValue(problem.Path, out var messages))
            {
                grouped[problem.Path] = messages = [];
            }

            messages.Add(problem.Message);
        }

        var errors = new Dictionary<string, string[]>(grouped.Count, StringComparer.Ordinal);
        foreach (var (path, messages) in grouped)
        {
            errors[path] = [.. messages];
        }

        return errors;
    }

    public static string Paths(List<PolicyProblem> changes)
    {
        var paths = new string[changes.Count];
        for (var i = 0; i < paths.Length; i++)
        {
            paths[i] = changes[i].Path;
        }

        return string.Join(", ", paths);
    }
}
