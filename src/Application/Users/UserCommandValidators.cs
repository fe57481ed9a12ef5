using FluentValidation;
using LlmGateway.Application.Teams;

namespace LlmGateway.Application.Users;

public sealed class UpdateUserCommandValidator : AbstractValidator<UpdateUserCommand>
{
    public UpdateUserCommandValidator()
    {
        RuleFor(c => c.UserId).MustBeAUserId();
        RuleFor(c => c.Role).MustBeARoleName();
        RuleFor(c => c.TeamId).MustBeATeamId();
        RuleFor(c => c).Must(c => c.Role is not null || c.Disabled is not null || c.TeamId is not null)
            .WithMessage("Give role, disabled or team_id (or several).").OverridePropertyName("body");
    }
}

public sealed class ResetPasswordCommandValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordCommandValidator()
    {
        RuleFor(c => c.UserId).MustBeAUserId();
        RuleFor(c => c.NewPassword).MustBeAPassword("new_password");
    }
}

public sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator()
    {
        RuleFor(c => c.CurrentPassword).MustBeGiven("current_password", IdentityRules.MaxPasswordLength);
        RuleFor(c => c.NewPassword).MustBeAPassword("new_password");
    }
}
