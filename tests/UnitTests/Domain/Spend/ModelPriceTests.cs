using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Spend;

namespace LlmGateway.UnitTests.Domain.Spend;

public class ModelPriceTests
{
    // gpt-4o-mini's list price: $0.15 in, $0.60 out, $0.075 cached in, per million tokens.
    private static readonly ModelPrice Mini = new(0.15m, 0.60m, 0.075m);

    [Fact]
    public void CostNanos_InputAndOutput_IsTokensTimesPricePerMillion()
    {
        // 1,000 × $0.15/M + 500 × $0.60/M = $0.00015 + $0.0003 = $0.00045
        Assert.Equal(450_000, Mini.CostNanos(new TokenUsage(1000, 500, Estimated: false)));
        Assert.Equal(0.00045m, ModelPrice.ToUsd(450_000));
    }

    [Fact]
    public void CostNanos_CachedPromptTokens_AreBilledAtTheCachedPrice()
    {
        var usage = new TokenUsage(1000, 0, Estimated: false) { CachedPromptTokens = 400 };

        // 600 × 150 + 400 × 75 nano-dollars
        Assert.Equal(600 * 150 + 400 * 75, Mini.CostNanos(usage));
    }

    [Fact]
    public void CostNanos_CachedMoreThanThePrompt_CountsAtMostThePrompt()
    {
        Assert.Equal(10 * 75, Mini.CostNanos(10, 50, 0));
    }

    [Fact]
    public void CostNanos_FractionOfANanoDollar_RoundsUpSoSpendIsNeverUnderCounted()
    {
        var odd = new ModelPrice(0.0001m, 0, 0); // 0.1 nano-dollars per token

        Assert.Equal(1, odd.CostNanos(1, 0, 0));
        Assert.Equal(1, odd.CostNanos(10, 0, 0));
        Assert.Equal(2, odd.CostNanos(11, 0, 0));
    }

    [Theory]
    [InlineData("5", 5_000_000_000)]
    [InlineData("0.000001", 1_000)]
    [InlineData("1000000", 1_000_000_000_000_000)]
    public void ToNanos_Dollars_AreExactNanoDollars(string usd, long nanos)
    {
        Assert.Equal(nanos, ModelPrice.ToNanos(decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
