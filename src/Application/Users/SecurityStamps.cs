using System.Security.Cryptography;

namespace LlmGateway.Application.Users;

/// <summary>Security stamps (<see cref="UserAccount.SecurityStamp"/>): 128 random bits, hex.</summary>
public static class SecurityStamps
{
    public static string New() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>
    /// The account after an administrative change. A new stamp — so every token issued before is refused — when rights
    /// are cut: a demotion, or disabling. A promotion or re-enabling keeps the stamp (old tokens keep their old role).
    /// </summary>
    public static UserAccount Apply(UserAccount account, Role? role, bool? disabled, DateTimeOffset now)
    {
        var newRole = role ?? account.Role;
        var newDisabled = disabled ?? account.Disabled;
        if (newRole == account.Role && newDisabled == account.Disabled)
        {
            return account;
        }

        var cut = (newRole < account.Role) || (newDisabled && !account.Disabled);
        return account with
        {
            Role = newRole,
            Disabled = newDisabled,
            SecurityStamp = cut ? New() : account.SecurityStamp,
            UpdatedAt = now,
        };
    }
}
