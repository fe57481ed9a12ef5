using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Chat;

/// <summary>The one way a handler asks the provider chain for an answer, whole or streamed.</summary>
internal static class ProviderCall
{
    /// <summary>The caller's max_tokens, else the gateway default capped by the role's maximum in the pinned policy.</summary>
    public static int MaxTokens(IPolicyPinnedRequest request, ChatRequest chat, int defaultMaxTokens) =>
        chat.MaxTokens ?? Math.Min(defaultMaxTokens, request.Policy.LimitsFor(request.Caller.Role).MaxTokens);

    public static async ValueTask<CompletionResult> CompleteAsync(IChatProvider provider, ChatRequest chat, int maxTokens, CancellationToken cancellationToken)
    {
        var result = await provider.CompleteAsync(chat, maxTokens, cancellationToken);
        return result.Completion is { } completion
            ? CompletionResult.FromCompletion(completion).WithDecisions(new PipelineDecisions { Provider = completion.Provider, Model = result.Model, Deployment = result.Deployment })
            : CompletionResult.FromFailure(result.Failure!);
    }

    public static async ValueTask<CompletionResult> StreamAsync(IChatProvider provider, ChatRequest chat, int maxTokens, CancellationToken cancellationToken)
    {
        var result = await provider.StreamAsync(chat, maxTokens, cancellationToken);
        return result.Stream is { } stream
            ? CompletionResult.FromStream(new StreamedCompletion(stream, chat)).WithDecisions(new PipelineDecisions { Provider = stream.Provider, Model = stream.ServedModel, Deployment = stream.Deployment })
            : CompletionResult.FromFailure(result.Failure!);
    }
}
