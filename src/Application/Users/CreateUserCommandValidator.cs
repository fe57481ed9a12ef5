using FluentValidation;

namespace LlmGateway.Application.Users;

public sealed class CreateUserCommandValidator : AbstractValidator<CreateUserCommand>
{
    public const int MinimumPasswordLength = 12;

    public CreateUserCommandValidator()
    {
        RuleFor(c => c.UserId)
            .NotEmpty().WithMessage("user_id is required.")
            .Length(3, 64).WithMessage("user_id must be 3 to 64 characters.")
            // \z, not $: "$" also matches before a trailing newline.
            .Matches(@"^[A-Za-z0-9._@-]+\z").WithMessage("user_id may contain only letters, digits and . _ @ -")
            .OverridePropertyName("user_id");

        RuleFor(c => c.Password)
            .NotEmpty().WithMessage("password is required.")
            .Length(MinimumPasswordLength, 1024).WithMessage($"password must be {MinimumPasswordLength} to 1024 characters.")
            .OverridePropertyName("password");

        RuleFor(c => c.Role)
            .Must(r => Roles.TryParse(r, out _)).WithMessage("role must be 'user' or 'admin'.")
            .OverridePropertyName("role");
    }
}
