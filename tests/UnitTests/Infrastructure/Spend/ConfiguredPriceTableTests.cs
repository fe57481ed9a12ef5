using LlmGateway.Domain.Spend;
using LlmGateway.Infrastructure.Spend;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Infrastructure.Spend;

public class ConfiguredPriceTableTests
{
    [Fact]
    public void PriceFor_DatedSnapshot_IsPricedAsItsModel()
    {
        var prices = TestSpend.Prices();

        Assert.Equal(prices.PriceFor("gpt-4o-mini"), prices.PriceFor("gpt-4o-mini-2024-07-18"));
        Assert.Equal("gpt-4o-mini", prices.PricedName("gpt-4o-mini-2024-07-18"));
        Assert.NotEqual(prices.PriceFor("gpt-4o"), prices.PriceFor("gpt-4o-mini"));
    }

    [Fact]
    public void PriceFor_UnknownModel_CostsTheDefaultAndHasNoName()
    {
        var pricing = new PricingOptions();
        var prices = TestSpend.Prices(pricing);

        Assert.Equal(pricing.Default.ToPrice(), prices.PriceFor("my-own-model"));
        Assert.Null(prices.PricedName("my-own-model"));
        Assert.Null(prices.PricedName("gpt-4ox")); // a prefix without a dash is another model
    }

    [Fact]
    public void PriceFor_ConfiguredEntry_ReplacesTheBuiltInAndCachedDefaultsToInput()
    {
        var pricing = new PricingOptions();
        pricing.Models["gpt-4o"] = new PriceEntry { Input = 1, Output = 2 };
        pricing.Models["llama-local"] = new PriceEntry { Input = 0, Output = 0 };

        var prices = TestSpend.Prices(pricing);

        Assert.Equal(new ModelPrice(1, 2, 1), prices.PriceFor("gpt-4o"));
        Assert.Equal(new ModelPrice(0, 0, 0), prices.PriceFor("llama-local"));
    }
}
