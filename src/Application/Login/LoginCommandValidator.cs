using FluentValidation;
using LlmGateway.Application.Users;

namespace LlmGateway.Application.Login;

public sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(c => c.UserId).MustBeGiven("user_id", 128);
        RuleFor(c => c.Password).MustBeAtMost("password", IdentityRules.MaxPasswordLength);
    }
}
