using FluentValidation;

namespace LlmGateway.Application.ApiKeys;

public sealed class CreateApiKeyCommandValidator : AbstractValidator<CreateApiKeyCommand>
{
    public const int MaxNameLength = 100;

    public CreateApiKeyCommandValidator()
    {
        // The same rules as for creating the user, so a user_id that could never exist is a 400, not a 404.
        RuleFor(c => c.UserId)
            .NotEmpty().WithMessage("user_id is required.")
            .Length(3, 64).WithMessage("user_id must be 3 to 64 characters.")
            .Matches(@"^[A-Za-z0-9._@-]+\z").WithMessage("user_id may contain only letters, digits and . _ @ -")
            .OverridePropertyName("user_id");

        RuleFor(c => c.Name)
            .NotEmpty().WithMessage("name is required: say which service uses the key.")
            .MaximumLength(MaxNameLength).WithMessage($"name must be at most {MaxNameLength} characters.")
            .Must(name => !name.Any(char.IsControl)).WithMessage("name must not contain control characters.")
            .OverridePropertyName("name");

        RuleFor(c => c.Role)
            .Must(r => r is null || Roles.TryParse(r, out _)).WithMessage("role must be 'user' or 'admin'.")
            .OverridePropertyName("role");
    }
}
