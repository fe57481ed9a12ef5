using FluentValidation;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Chat;

/// <summary>The checks every request for a model shares, whichever endpoint it came through.</summary>
internal static class ChatRequestRules
{
    public const int MaxModelNameLength = 200;

    /// <summary>OpenAI's <c>user</c>: an id, not a document.</summary>
    public const int MaxEndUserLength = 256;

    public static void AddSharedRules<TCommand>(this AbstractValidator<TCommand> validator)
        where TCommand : IChatCommand
    {
        validator.RuleFor(c => c.Chat.MaxTokens)
            .Must((command, maxTokens) => maxTokens is null || (maxTokens >= 1 && maxTokens <= RoleMaximum(command)))
            .WithMessage((command, _) => $"max_tokens must be between 1 and {RoleMaximum(command)} for the '{command.Caller.Role.ToString().ToLowerInvariant()}' role.")
            .OverridePropertyName("max_tokens");

        validator.RuleFor(c => c.Chat.Model)
            .NotEmpty().WithMessage("model must not be empty.")
            .MustBeAtMost("model", MaxModelNameLength);

        validator.RuleFor(c => c.Chat.EndUser).MustBeAtMost("user", MaxEndUserLength);
    }

    /// <summary>
    /// The texts of the request (<paramref name="texts"/>: "messages", "inputs") together at most MAX_PROMPT_CHARS
    /// characters.
    /// </summary>
    public static IRuleBuilderOptions<TCommand, IReadOnlyList<ChatMessage>> MustFitPromptChars<TCommand>(
        this IRuleBuilderOptions<TCommand, IReadOnlyList<ChatMessage>> rule, int maxPromptChars, string texts)
        where TCommand : IChatCommand =>
        rule.Must((command, _) => TotalChars(command.Chat) <= maxPromptChars)
            .WithMessage($"The {texts} together must be at most {maxPromptChars} characters.");

    /// <summary>Total characters over every message, the unit MAX_PROMPT_CHARS caps.</summary>
    private static long TotalChars(ChatRequest chat)
    {
        long total = 0;
        foreach (var message in chat.Messages)
        {
            total += message.Content.Length;
        }

        return total;
    }

    private static int RoleMaximum(IChatCommand command) => command.Policy.LimitsFor(command.Caller.Role).MaxTokens;
}
