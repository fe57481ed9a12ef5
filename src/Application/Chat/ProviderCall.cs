using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Chat;

/// <summary>The one way a handler asks the provider chain for an answer, whole or streamed.</summary>
internal static class ProviderCall
{
    /// <summary>The caller's max_tokens, else the gateway default capped by the role's maximum in the live policy.</summary>
    public static int MaxTokens(ICallerRequest request, ChatRequest chat, IPolicyStore policies, int defaultMaxTokens) =>
        chat.MaxTokens ?? Math.Min(defaultMaxTokens, request.Context.PolicyFrom(policies).LimitsFor(request.Caller.Role).MaxTokens);

    public static async ValueTask<CompletionResult> CompleteAsync(IChatProvider provider, ChatRequest chat, int maxTokens, RequestContext context, CancellationToken cancellationToken)
    {
        var result = await provider.CompleteAsync(chat, maxTokens, cancellationToken);
        if (result.Completion is { } completion)
        {
            context.Provider = completion.Provider;
            return CompletionResult.FromCompletion(completion);
        }

        return CompletionResult.FromFailure(result.Failure!);
    }

    public static async ValueTask<CompletionResult> StreamAsync(IChatProvider provider, ChatRequest chat, int maxTokens, RequestContext context, CancellationToken cancellationToken)
    {
        var result = await provider.StreamAsync(chat, maxTokens, cancellationToken);
        if (result.Stream is { } stream)
        {
            context.Provider = stream.Provider;
            return CompletionResult.FromStream(new StreamedCompletion(stream, chat, context));
        }

        return CompletionResult.FromFailure(result.Failure!);
    }
}
