using FluentValidation;

namespace LlmGateway.Application.Users;

internal static class UserIdRules
{
    /// <summary>What a user id may be, checked by every command that names a user: one that could never exist is a 400, not a 404.</summary>
    public static IRuleBuilderOptions<T, string> MustBeAUserId<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("user_id is required.")
            .Length(3, 64).WithMessage("user_id must be 3 to 64 characters.")
            // \z, not $: "$" also matches before a trailing newline.
            .Matches(@"^[A-Za-z0-9._@-]+\z").WithMessage("user_id may contain only letters, digits and . _ @ -")
            .OverridePropertyName("user_id");
}
