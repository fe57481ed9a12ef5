using FluentValidation;
using LlmGateway.Application.Chat;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Generate;

public sealed class GenerateCommandValidator : AbstractValidator<GenerateCommand>
{
    public GenerateCommandValidator(IOptions<GatewayOptions> options)
    {
        var maxPromptChars = options.Value.MaxPromptChars;

        RuleFor(c => c.Prompt)
            .Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage("prompt is required.")
            .MustBeAtMost("prompt", maxPromptChars);

        this.AddSharedRules();
    }
}
