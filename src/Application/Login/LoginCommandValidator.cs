using FluentValidation;

namespace LlmGateway.Application.Login;

public sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(c => c.UserId)
            .NotEmpty().WithMessage("user_id is required.")
            .MaximumLength(128).WithMessage("user_id must be at most 128 characters.")
            .OverridePropertyName("user_id");

        RuleFor(c => c.Password)
            .MaximumLength(1024).WithMessage("password must be at most 1024 characters.")
            .OverridePropertyName("password");
    }
}
