using FluentValidation;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Chat;

public sealed class ChatCompletionCommandValidator : AbstractValidator<ChatCompletionCommand>
{
    public const int MaxMessages = 256;
    public const int MaxStopSequences = 4;

    public ChatCompletionCommandValidator(IOptions<GatewayOptions> options)
    {
        var maxPromptChars = options.Value.MaxPromptChars;

        RuleFor(c => c.Chat.Messages)
            .Must((command, _) => command.Chat.ConversationLength > 0).WithMessage("messages must contain at least one message.")
            .Must((command, _) => command.Chat.ConversationLength <= MaxMessages).WithMessage($"messages must contain at most {MaxMessages} messages.")
            .Must((command, _) => command.Chat.LastUserMessage() is not null).WithMessage("messages must contain at least one message with role 'user'.")
            .MustFitPromptChars(maxPromptChars, "messages, tool definitions and other text fields")
            .OverridePropertyName("messages");

        this.AddSharedRules();

        RuleFor(c => c.Chat.Temperature).MustBeBetween("temperature", 0, 2);
        RuleFor(c => c.Chat.TopP).MustBeBetween("top_p", 0, 1);

        RuleFor(c => c.Chat.Stop)
            .Must(stop => stop is null || (stop.Count <= MaxStopSequences && stop.All(s => s.Length is > 0 and <= 200)))
            .WithMessage($"stop must be at most {MaxStopSequences} non-empty sequences of at most 200 characters.")
            .OverridePropertyName("stop");
    }
}
