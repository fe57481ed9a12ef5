using LlmGateway.Domain.Spend;
using LlmGateway.Infrastructure.Providers;
using LlmGateway.Infrastructure.Spend;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

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

    [Fact]
    public void HighestPriceFor_DeploymentsWithTheirOwnPrices_EachKindsHighestAlongTheRouteFallbacksIncluded()
    {
        var prices = WithCatalogue(new()
        {
            ["Models:0:Name"] = "gpt-4o",
            ["Models:0:Aliases:0"] = "gpt4o",
            ["Models:0:Deployments:0:Provider"] = "openai",
            ["Models:0:Deployments:0:Price:Input"] = "1",
            ["Models:0:Deployments:0:Price:Output"] = "20",
            ["Models:0:Deployments:0:Price:CachedInput"] = "0.5",
            ["Models:0:Deployments:1:Provider"] = "east",
            ["Models:0:Deployments:1:UpstreamModel"] = "gpt-4o-east",
            ["Models:0:Deployments:1:Price:Input"] = "4",
            ["Models:0:Deployments:1:Price:Output"] = "8",
            ["Models:0:Fallbacks:0"] = "gpt-4o-mini",
            ["Models:1:Name"] = "gpt-4o-mini",
            ["Models:1:Deployments:0:Provider"] = "east",
            ["Models:1:Deployments:0:Price:Input"] = "30",
            ["Models:1:Deployments:0:Price:Output"] = "0",
        });

        // Input: the fallback's 30; output: the first deployment's 20; cached input: the fallback's (unset: its input).
        Assert.Equal(new ModelPrice(30, 20, 30), prices.HighestPriceFor("gpt-4o"));
        Assert.Equal(new ModelPrice(30, 20, 30), prices.HighestPriceFor("gpt4o"));
        Assert.Equal(new ModelPrice(30, 0, 30), prices.HighestPriceFor("gpt-4o-mini"));
        // What a deployment without its own price charges stays the table's.
        Assert.Equal(TestSpend.Prices().PriceFor("gpt-4o"), prices.PriceFor("gpt-4o"));
    }

    [Fact]
    public void HighestPriceFor_DeploymentWithoutItsOwnPrice_CountsAtTheTablesPriceForTheModelAskedFor()
    {
        var prices = WithCatalogue(new()
        {
            ["Models:0:Name"] = "gpt-4o",
            ["Models:0:Deployments:0:Provider"] = "openai",
            ["Models:0:Deployments:0:Price:Input"] = "1",
            ["Models:0:Deployments:0:Price:Output"] = "1",
            ["Models:0:Deployments:1:Provider"] = "east",
            ["Models:1:Name"] = "gpt-4o-mini",
            ["Models:1:Deployments:0:Provider"] = "openai",
        });

        Assert.Equal(prices.PriceFor("gpt-4o"), prices.HighestPriceFor("gpt-4o")); // $2.50 / $10 / $1.25 over $1 / $1 / $1
        Assert.Equal(prices.PriceFor("gpt-4o-mini"), prices.HighestPriceFor("gpt-4o-mini"));
        Assert.Equal(prices.PriceFor("unknown-model"), prices.HighestPriceFor("unknown-model"));
    }

    [Fact]
    public void HighestPriceFor_SelfHostedModelPricedZero_ReservesNothingThoughTheTableWouldChargeTheDefault()
    {
        var prices = WithCatalogue(new()
        {
            ["Models:0:Name"] = "llama3.1",
            ["Models:0:Deployments:0:Provider"] = "east",
            ["Models:0:Deployments:0:Price:Input"] = "0",
            ["Models:0:Deployments:0:Price:Output"] = "0",
        });

        Assert.Equal(new ModelPrice(0, 0, 0), prices.HighestPriceFor("llama3.1"));
        Assert.Equal(new PricingOptions().Default.ToPrice(), prices.PriceFor("llama3.1"));
    }

    /// <summary>The table with a catalogue over openai and east, without the local fallback (it would end every route).</summary>
    private static ConfiguredPriceTable WithCatalogue(Dictionary<string, string?> catalogue)
    {
        catalogue["OPENAI_API_KEY"] = "sk-openai";
        catalogue["Providers:0:Name"] = "east";
        catalogue["Providers:0:BaseUrl"] = "http://127.0.0.1:11434/v1";
        catalogue["LOCAL_FALLBACK"] = "false";
        var options = new ConfigurationBuilder().AddInMemoryCollection(catalogue).Build().Get<ProviderOptions>()!;
        var defaultModel = catalogue["Models:0:Name"]!;
        var validation = new ProviderOptionsValidator(defaultModel).Validate(null, options);
        Assert.True(validation.Succeeded, validation.FailureMessage);
        return new ConfiguredPriceTable(Options.Create(new PricingOptions()), ModelCatalogPlan.From(options, defaultModel));
    }
}
