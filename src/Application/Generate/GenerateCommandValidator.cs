using FluentValidation;
using LlmGateway.Application.Ports;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Generate;

public sealed class GenerateCommandValidator : AbstractValidator<GenerateCommand>
{
    public GenerateCommandValidator(IOptions<GatewayOptions> options, IPolicyStore policies)
    {
        var maxPromptChars = options.Value.MaxPromptChars;

        RuleFor(c => c.Prompt)
            .Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage("prompt is required.")
            .MaximumLength(maxPromptChars).WithMessage($"prompt must be at most {maxPromptChars} characters.")
            .OverridePropertyName("prompt");

        RuleFor(c => c.Chat.MaxTokens)
            .Must((command, maxTokens) => maxTokens is null || (maxTokens >= 1 && maxTokens <= MaxTokensFor(command, policies)))
            .WithMessage((command, _) => $"max_tokens must be between 1 and {MaxTokensFor(command, policies)} for the '{command.Caller.Role.ToString().ToLowerInvariant()}' role.")
            .OverridePropertyName("max_tokens");

        RuleFor(c => c.Chat.Model)
            .NotEmpty().WithMessage("model must not be empty.")
            .MaximumLength(200).WithMessage("model must be at most 200 characters.")
            .OverridePropertyName("model");
    }

    private static int MaxTokensFor(GenerateCommand command, IPolicyStore policies) =>
        command.Context.PolicyFrom(policies).LimitsFor(command.Caller.Role).MaxTokens;
}
