using LlmGateway.Domain.Chat;

namespace LlmGateway.Domain.Spend;

/// <summary>
/// A model's list price in US dollars per million tokens. Spend is counted in whole nano-dollars (10⁻⁹ USD), so
/// sums are exact integers — in Redis (INCRBY) and in a report — and a price of up to three decimals per million
/// tokens costs a whole number of nano-dollars per token.
/// </summary>
public readonly record struct ModelPrice(decimal InputPerMillion, decimal OutputPerMillion, decimal CachedInputPerMillion)
{
    public const long NanosPerUsd = 1_000_000_000;

    /// <summary>What <paramref name="usage"/> costs, in nano-dollars, rounded up: cached prompt tokens at the cached-input price.</summary>
    public long CostNanos(TokenUsage usage) => CostNanos(usage.PromptTokens, usage.CachedPromptTokens, usage.CompletionTokens);

    /// <summary>
    /// What <paramref name="inputTokens"/> (of which <paramref name="cachedInputTokens"/> cached) and
    /// <paramref name="outputTokens"/> cost, in nano-dollars, rounded up.
    /// </summary>
    public long CostNanos(long inputTokens, long cachedInputTokens, long outputTokens)
    {
        var cached = Math.Clamp(cachedInputTokens, 0, inputTokens);
        // USD per million tokens × 1000 = nano-dollars per token.
        var nanos = ((inputTokens - cached) * InputPerMillion + cached * CachedInputPerMillion + outputTokens * OutputPerMillion) * 1000m;
        return (long)decimal.Ceiling(nanos);
    }

    /// <summary>Nano-dollars per output token, rounded up (at least 1 when the price is not 0).</summary>
    public long OutputNanosPerToken => (long)decimal.Ceiling(OutputPerMillion * 1000m);

    public static long ToNanos(decimal usd) => (long)decimal.Round(usd * NanosPerUsd, MidpointRounding.AwayFromZero);

    public static decimal ToUsd(long nanos) => nanos / (decimal)NanosPerUsd;
}
