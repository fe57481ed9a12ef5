using LlmGateway.Infrastructure.Spend;

namespace LlmGateway.UnitTests.Infrastructure.Spend;

public sealed class PricingOptionsValidatorTests
{
    [Fact]
    public void Validate_BuiltInTable_Succeeds()
    {
        var result = new PricingOptionsValidator().Validate(null, new PricingOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_PriceOutOfRange_FailsNamingTheEntry()
    {
        var pricing = new PricingOptions();
        pricing.Models["gpt-4o"] = new PriceEntry { Input = -1, Output = 10 };
        pricing.Default = new PriceEntry { Input = 1, Output = 2_000_000 };

        var result = new PricingOptionsValidator().Validate(null, pricing);

        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Pricing:Models:gpt-4o: ", StringComparison.Ordinal) && f.Contains("Input", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Pricing:Default: ", StringComparison.Ordinal) && f.Contains("Output", StringComparison.Ordinal));
    }
}
