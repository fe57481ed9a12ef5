using LlmGateway.Application.Guardrails;
using LlmGateway.Domain.Chat;

namespace LlmGateway.TestPlugins;

/// <summary>Throws on a prompt containing <see cref="PromptTrigger"/> and on an answer containing <see cref="AnswerTrigger"/>.</summary>
public sealed class ThrowingGuard : IPromptGuard, IOutputGuard
{
    public const string PromptTrigger = "tp-throw-on-prompt";
    public const string AnswerTrigger = "tp-throw-on-answer";

    /// <summary>In the exception message only: a body or a log line that shows it leaks plugin internals.</summary>
    public const string InternalDetail = "tp-internal-detail-4k2";

    public string Name => "throwing-guard";

    public ValueTask<PromptVerdict> InspectAsync(PromptGuardRequest request, CancellationToken cancellationToken) =>
        Mentions(request.Chat, PromptTrigger) ? throw new InvalidOperationException(InternalDetail) : ValueTask.FromResult(PromptVerdict.Allow);

    public ValueTask<OutputVerdict> InspectAsync(OutputGuardRequest request, CancellationToken cancellationToken) =>
        request.Text.Contains(AnswerTrigger, StringComparison.Ordinal) ? throw new InvalidOperationException(InternalDetail) : ValueTask.FromResult(OutputVerdict.Allow);

    internal static bool Mentions(ChatRequest chat, string trigger)
    {
        foreach (var message in chat.Messages)
        {
            if (message.Role == ChatRole.User && message.Content.Contains(trigger, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>On a trigger, waits 30 s and ignores its cancellation token: the worst a plugin can do without blocking a thread.</summary>
public sealed class SleepingGuard : IPromptGuard, IOutputGuard
{
    public const string PromptTrigger = "tp-sleep-on-prompt";
    public const string AnswerTrigger = "tp-sleep-on-answer";

    public static readonly TimeSpan Sleep = TimeSpan.FromSeconds(30);

    public string Name => "sleeping-guard";

    public async ValueTask<PromptVerdict> InspectAsync(PromptGuardRequest request, CancellationToken cancellationToken)
    {
        if (ThrowingGuard.Mentions(request.Chat, PromptTrigger))
        {
            await Task.Delay(Sleep, CancellationToken.None);
        }

        return PromptVerdict.Allow;
    }

    public async ValueTask<OutputVerdict> InspectAsync(OutputGuardRequest request, CancellationToken cancellationToken)
    {
        if (request.Text.Contains(AnswerTrigger, StringComparison.Ordinal))
        {
            await Task.Delay(Sleep, CancellationToken.None);
        }

        return OutputVerdict.Allow;
    }
}
