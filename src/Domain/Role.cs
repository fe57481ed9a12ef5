namespace LlmGateway.Domain;

/// <summary>
/// The closed set of roles a caller can hold. Anything else is rejected at the edge. The numbers are what stored
/// accounts and keys hold, so they never change; the order of rights is <see cref="Roles.Rank"/>, not the number.
/// </summary>
public enum Role
{
    User = 0,
    Admin = 1,

    /// <summary>Manages its own team's users, keys and policy overlay; nothing of another team, nothing global.</summary>
    TeamAdmin = 2,
}

public static class Roles
{
    public const string User = "user";
    public const string Admin = "admin";
    public const string TeamAdmin = "team_admin";

    /// <summary>For messages: every role name, as the API takes them.</summary>
    public const string Names = "'user', 'team_admin' or 'admin'";

    public static string ToName(this Role role) => role switch
    {
        Role.Admin => Admin,
        Role.TeamAdmin => TeamAdmin,
        _ => User,
    };

    /// <summary>Exact, case-sensitive parse: "Admin" or " admin" are not roles.</summary>
    public static bool TryParse(string? value, out Role role)
    {
        switch (value)
        {
            case User:
                role = Role.User;
                return true;
            case TeamAdmin:
                role = Role.TeamAdmin;
                return true;
            case Admin:
                role = Role.Admin;
                return true;
            default:
                role = default;
                return false;
        }
    }

    /// <summary>How much a role may do: user &lt; team_admin &lt; admin.</summary>
    public static int Rank(this Role role) => role switch
    {
        Role.Admin => 2,
        Role.TeamAdmin => 1,
        _ => 0,
    };

    /// <summary>Admins may do everything team admins may, and team admins everything users may.</summary>
    public static bool Satisfies(this Role held, Role required) => held.Rank() >= required.Rank();
}
