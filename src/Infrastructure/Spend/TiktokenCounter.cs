using System.Collections.Concurrent;
using LlmGateway.Domain.Chat;
using Microsoft.ML.Tokenizers;

namespace LlmGateway.Infrastructure.Spend;

/// <summary>
/// Counts tokens with the tiktoken encoding of the model (o200k_base for the GPT-4o, 4.1, 5 and o-series families,
/// cl100k_base for GPT-4 and 3.5), as <see cref="TiktokenTokenizer.CreateForModel(string, IReadOnlyDictionary{string, int}?, Normalizer?)"/>
/// maps them. A model it does not know (another vendor's, or a new one) is counted in o200k_base: not that model's own
/// count, but close for most text, and the provider's reported usage corrects the reservation after the call.
/// Tokenizers are built once per model name (a bounded set) and shared; counting allocates nothing per call.
/// </summary>
internal sealed class TiktokenCounter : ITokenCounter
{
    /// <summary>OpenAI's chat format: each message costs its role and separators, and the answer is primed with three tokens.</summary>
    public const int TokensPerMessage = 4;
    public const int TokensPerReply = 3;

    /// <summary>A model of each encoding (and one that falls back), counted once at start-up (<see cref="TokenizerStartup"/>) so no request waits for a vocabulary to load.</summary>
    public static readonly string[] WarmModels = ["gpt-4o", "gpt-4", "a-model-no-tokenizer-knows"];

    private const int MaxModels = 256;

    private static readonly Lazy<Tokenizer> Fallback = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    private readonly ConcurrentDictionary<string, Tokenizer> _byModel = new(StringComparer.Ordinal);

    public int CountPrompt(ChatRequest request)
    {
        var tokenizer = For(request.Model);
        var tokens = TokensPerReply;
        foreach (var message in request.Messages)
        {
            tokens += TokensPerMessage + tokenizer.CountTokens(message.Content);
        }

        return tokens;
    }

    public int CountText(string model, string text) => text.Length == 0 ? 0 : For(model).CountTokens(text);

    private Tokenizer For(string model)
    {
        if (_byModel.TryGetValue(model, out var known))
        {
            return known;
        }

        Tokenizer tokenizer;
        try
        {
            tokenizer = TiktokenTokenizer.CreateForModel(model);
        }
        catch (NotSupportedException)
        {
            tokenizer = Fallback.Value;
        }
        catch (ArgumentException)
        {
            tokenizer = Fallback.Value;
        }

        // Callers choose model names: past the bound, new names are counted without being remembered.
        if (_byModel.Count < MaxModels)
        {
            _byModel.TryAdd(model, tokenizer);
        }

        return tokenizer;
    }
}
