using FluentValidation;

namespace LlmGateway.Application.Teams;

/// <summary>What names a team, checked one way by every command that takes one.</summary>
public static class TeamIds
{
    /// <summary>The team that always exists: accounts and keys stored before teams existed, and new ones given no team, are in it.</summary>
    public const string Default = "default";

    /// <summary>A slug: 2 to 64 of a-z 0-9 - _, starting with a letter or digit.</summary>
    public static bool IsValid(string? teamId)
    {
        if (teamId is null || teamId.Length is < 2 or > 64 || !char.IsAsciiLetterLower(teamId[0]) && !char.IsAsciiDigit(teamId[0]))
        {
            return false;
        }

        foreach (var c in teamId)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A team id that could never exist is a 400, not a 404; null passes (optional fields).</summary>
    public static IRuleBuilderOptions<T, string?> MustBeATeamId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(id => id is null || IsValid(id))
            .WithMessage("team_id must be 2 to 64 of a-z 0-9 - _, starting with a letter or digit.")
            .OverridePropertyName("team_id");
}

/// <summary>Which team's users, keys and overlay a caller may see and change: an admin every team, a team admin its own.</summary>
public static class TeamScope
{
    public static bool Covers(this Caller caller, string teamId) =>
        caller.Role == Role.Admin || string.Equals(caller.TeamId, teamId, StringComparison.Ordinal);
}
