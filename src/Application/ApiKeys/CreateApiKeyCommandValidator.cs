using FluentValidation;
using LlmGateway.Application.Users;

namespace LlmGateway.Application.ApiKeys;

public sealed class CreateApiKeyCommandValidator : AbstractValidator<CreateApiKeyCommand>
{
    public const int MaxNameLength = 100;

    public CreateApiKeyCommandValidator()
    {
        RuleFor(c => c.UserId).MustBeAUserId();

        RuleFor(c => c.Name)
            .NotEmpty().WithMessage("name is required: say which service uses the key.")
            .MaximumLength(MaxNameLength).WithMessage($"name must be at most {MaxNameLength} characters.")
            .Must(name => !name.Any(char.IsControl)).WithMessage("name must not contain control characters.")
            .OverridePropertyName("name");

        RuleFor(c => c.Role).MustBeARoleName();
    }
}
