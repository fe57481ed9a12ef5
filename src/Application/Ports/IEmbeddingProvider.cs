using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Ports;

/// <summary>
/// Where embeddings come from: the first configured provider that serves the requested model, or the built-in local
/// stand-in when none does. There is no fallback between them: vectors from another model are not comparable with the
/// ones a client already stored.
/// </summary>
public interface IEmbeddingProvider
{
    /// <summary>
    /// Embeds the texts of <paramref name="request"/> (one message per input, in order; with the client's body in
    /// <see cref="ChatRequest.Forwarded"/>). Expected failures come back as values, as from <see cref="IChatProvider"/>;
    /// an upstream 4xx other than 408, 409, 429 as <see cref="GatewayError.UpstreamRejected"/>.
    /// </summary>
    ValueTask<EmbeddingResult> EmbedAsync(ChatRequest request, EmbeddingFormat format, CancellationToken cancellationToken);
}

/// <summary>How the client asked for its vectors: base64 of little-endian float32 or JSON numbers, and their length.</summary>
/// <param name="Dimensions">OpenAI's <c>dimensions</c>; null for the model's own.</param>
public readonly record struct EmbeddingFormat(bool Base64, int? Dimensions);

/// <summary>A provider's answer, relayed as it came: OpenAI's <c>list</c> of <c>embedding</c> objects.</summary>
/// <param name="Body">The answer's UTF-8 JSON.</param>
/// <param name="Usage">From the answer's <c>usage</c>, or estimated.</param>
public sealed record EmbeddingAnswer(ReadOnlyMemory<byte> Body, string Provider, TokenUsage Usage);

/// <summary>Either embeddings or the reason there are none.</summary>
public readonly record struct EmbeddingResult(EmbeddingAnswer? Answer, GatewayFailure? Failure)
{
    public static EmbeddingResult Success(EmbeddingAnswer answer) => new(answer, null);

    public static EmbeddingResult Failed(GatewayFailure failure) => new(null, failure);
}
