namespace LlmGateway.Domain.Chat;

/// <param name="Estimated">True when the provider reported no usage and the gateway estimated it.</param>
public readonly record struct TokenUsage(int PromptTokens, int CompletionTokens, bool Estimated)
{
    public int TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Of <see cref="PromptTokens"/>, those the provider served from its prompt cache (billed at the cached-input price).</summary>
    public int CachedPromptTokens { get; init; }

    /// <summary>A rough, provider-independent estimate: about four characters per token.</summary>
    public static int EstimateTokens(string text) => text.Length == 0 ? 0 : (text.Length + 3) / 4;
}
