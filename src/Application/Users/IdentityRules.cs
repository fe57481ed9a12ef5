using FluentValidation;

namespace LlmGateway.Application.Users;

/// <summary>What names a user or a role, checked one way by every command that takes them.</summary>
internal static class IdentityRules
{
    /// <summary>A user id that could never exist is a 400, not a 404.</summary>
    public static IRuleBuilderOptions<T, string> MustBeAUserId<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("user_id is required.")
            .Length(3, 64).WithMessage("user_id must be 3 to 64 characters.")
            // \z, not $: "$" also matches before a trailing newline.
            .Matches(@"^[A-Za-z0-9._@-]+\z").WithMessage("user_id may contain only letters, digits and . _ @ -")
            .OverridePropertyName("user_id");

    public const int MinimumPasswordLength = 12;

    /// <summary>The longest password any command takes: hashing cost grows with it.</summary>
    public const int MaxPasswordLength = 1024;

    /// <summary>A new password: 12 to 1024 characters.</summary>
    public static IRuleBuilderOptions<T, string> MustBeAPassword<T>(this IRuleBuilder<T, string> rule, string propertyName) =>
        rule.NotEmpty().WithMessage($"{propertyName} is required.")
            .Length(MinimumPasswordLength, MaxPasswordLength).WithMessage($"{propertyName} must be {MinimumPasswordLength} to {MaxPasswordLength} characters.")
            .OverridePropertyName(propertyName);

    /// <summary>A role name (<c>user</c>, <c>team_admin</c>, <c>admin</c>); null passes, for commands where the role is optional.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeARoleName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(r => r is null || Roles.TryParse(r, out _)).WithMessage($"role must be {Roles.Names}.")
            .OverridePropertyName("role");
}
