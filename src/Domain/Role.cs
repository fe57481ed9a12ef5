namespace LlmGateway.Domain;

/// <summary>The closed set of roles a caller can hold. Anything else is rejected at the edge.</summary>
public enum Role
{
    User = 0,
    Admin = 1,
}

public static class Roles
{
    public const string User = "user";
    public const string Admin = "admin";

    public static string ToName(this Role role) => role == Role.Admin ? Admin : User;

    /// <summary>Exact, case-sensitive parse: "Admin" or " admin" are not roles.</summary>
    public static bool TryParse(string? value, out Role role)
    {
        switch (value)
        {
            case User:
                role = Role.User;
                return true;
            case Admin:
                role = Role.Admin;
                return true;
            default:
                role = default;
                return false;
        }
    }

    /// <summary>Admins may do everything users may.</summary>
    public static bool Satisfies(this Role held, Role required) => held >= required;
}
