using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The built-in provider: offline, deterministic and instant. It says plainly that no model answered and
/// echoes the last user message (cut to <c>max_tokens</c>), which makes the whole pipeline — including
/// output filtering — observable without a model.
/// </summary>
internal sealed class LocalChatProvider : IChatProvider
{
    public const string ProviderName = "local";
    public const string ModelName = "local-echo";

    private const string Preamble = "[local provider: offline, no model configured] You said: ";

    public ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        // The whole answer, preamble included, stays within max_tokens (at the estimate of four characters a token).
        var text = string.Concat(Preamble, LastUserMessage(request));
        var maxChars = maxTokens * 4;
        var truncated = text.Length > maxChars;
        if (truncated)
        {
            text = text[..maxChars];
        }

        var promptTokens = 0;
        foreach (var message in request.Messages)
        {
            promptTokens += TokenUsage.EstimateTokens(message.Content);
        }

        var completion = new Completion(
            text,
            ProviderName,
            ModelName,
            truncated ? "length" : "stop",
            new TokenUsage(promptTokens, TokenUsage.EstimateTokens(text), Estimated: true),
            Redactions: [],
            IsFallback: false);
        return ValueTask.FromResult(ProviderResult.Success(completion));
    }

    private static string LastUserMessage(ChatRequest request)
    {
        for (var i = request.Messages.Count - 1; i >= 0; i--)
        {
            if (request.Messages[i].Role == ChatRole.User)
            {
                return request.Messages[i].Content;
            }
        }

        return string.Empty;
    }
}
