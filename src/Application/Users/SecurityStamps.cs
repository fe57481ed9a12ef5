using System.Security.Cryptography;

namespace LlmGateway.Application.Users;

/// <summary>Security stamps (<see cref="UserAccount.SecurityStamp"/>): 128 random bits, hex.</summary>
public static class SecurityStamps
{
    public static string New() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>
    /// The account after an administrative change. A new stamp — so every token issued before is refused — when rights
    /// are cut: a demotion, disabling, or a move to another team (a token names its team, and the team decides the policy
    /// and what a team admin may manage). A promotion or re-enabling keeps the stamp (old tokens keep their old role).
    /// </summary>
    public static UserAccount Apply(UserAccount account, Role? role, bool? disabled, DateTimeOffset now, string? teamId = null)
    {
        var newRole = role ?? account.Role;
        var newDisabled = disabled ?? account.Disabled;
        var newTeam = teamId ?? account.TeamId;
        var moved = !string.Equals(newTeam, account.TeamId, StringComparison.Ordinal);
        if (newRole == account.Role && newDisabled == account.Disabled && !moved)
        {
            return account;
        }

        var cut = (newRole.Rank() < account.Role.Rank()) || (newDisabled && !account.Disabled) || moved;
        return account with
        {
            Role = newRole,
            Disabled = newDisabled,
            TeamId = newTeam,
            SecurityStamp = cut ? New() : account.SecurityStamp,
            UpdatedAt = now,
        };
    }
}
