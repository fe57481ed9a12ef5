using System.Runtime.CompilerServices;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The built-in provider: offline, deterministic and instant. It says plainly that no model answered and
/// echoes the last user message (cut to <c>max_tokens</c>), which makes the whole pipeline — including
/// output filtering, streamed or not — observable without a model.
/// </summary>
internal sealed class LocalChatProvider : IChatProvider, ITracedProvider
{
    public const string ProviderName = "local";
    public const string ModelName = "local-echo";

    /// <summary>Streamed answers come in pieces of this many characters, as a model's tokens would.</summary>
    internal const int StreamChunkChars = 16;

    private const string Preamble = "[local provider: offline, no model configured] You said: ";

    public string Name => ProviderName;

    public string GenAiProviderName => ProviderName;

    public string ConfiguredModel => ModelName;

    public string? ServerAddress => null;

    public string RequestModel(ChatRequest request) => ModelName;

    public ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        var (text, finishReason) = Answer(request, maxTokens);
        var completion = new Completion(
            text,
            ProviderName,
            ModelName,
            finishReason,
            new TokenUsage(request.EstimatePromptTokens(), TokenUsage.EstimateTokens(text), Estimated: true),
            Redactions: [],
            IsFallback: false);
        return ValueTask.FromResult(ProviderResult.Success(completion));
    }

    public async ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        var (text, finishReason) = Answer(request, maxTokens);
        var updates = Chunks(text, finishReason, cancellationToken).GetAsyncEnumerator(cancellationToken);
        return StreamingCallResult.Success(new StreamingCall(ProviderName, ModelName, updates, await updates.MoveNextAsync()));
    }

    private static async IAsyncEnumerable<StreamDelta> Chunks(string text, string finishReason, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var start = 0; start < text.Length;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(StreamChunkChars, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                // Never between the two halves of a surrogate pair: each chunk is written as JSON on its own.
                length--;
            }

            yield return new StreamDelta(text.Substring(start, length));
            start += length;
        }

        // Usage stays unreported, as from a provider that gives none: the stream's reader estimates it.
        await Task.CompletedTask;
        yield return new StreamDelta(null, finishReason);
    }

    /// <summary>The whole answer, preamble included, stays within max_tokens (at the estimate of four characters a token).</summary>
    private static (string Text, string FinishReason) Answer(ChatRequest request, int maxTokens)
    {
        var text = string.Concat(Preamble, request.LastUserMessage());
        var maxChars = maxTokens * 4;
        if (text.Length <= maxChars)
        {
            return (text, "stop");
        }

        // A cut between the two halves of a surrogate pair would leave half a character.
        return (text[..(char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars)], "length");
    }
}
