using FluentValidation;

namespace LlmGateway.Application.Users;

public sealed class CreateUserCommandValidator : AbstractValidator<CreateUserCommand>
{
    public const int MinimumPasswordLength = 12;

    public CreateUserCommandValidator()
    {
        RuleFor(c => c.UserId).MustBeAUserId();

        RuleFor(c => c.Password)
            .NotEmpty().WithMessage("password is required.")
            .Length(MinimumPasswordLength, 1024).WithMessage($"password must be {MinimumPasswordLength} to 1024 characters.")
            .OverridePropertyName("password");

        RuleFor(c => c.Role).MustBeARoleName();
    }
}
