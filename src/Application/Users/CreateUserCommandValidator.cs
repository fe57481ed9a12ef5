using FluentValidation;
using LlmGateway.Application.Teams;

namespace LlmGateway.Application.Users;

public sealed class CreateUserCommandValidator : AbstractValidator<CreateUserCommand>
{
    public const int MinimumPasswordLength = IdentityRules.MinimumPasswordLength;

    public CreateUserCommandValidator()
    {
        RuleFor(c => c.UserId).MustBeAUserId();

        RuleFor(c => c.Password).MustBeAPassword("password");

        RuleFor(c => c.Role).MustBeARoleName();

        RuleFor(c => c.TeamId).MustBeATeamId();
    }
}
