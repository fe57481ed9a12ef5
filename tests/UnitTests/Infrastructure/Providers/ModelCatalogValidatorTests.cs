using LlmGateway.Infrastructure.Providers;
using Microsoft.Extensions.Configuration;

namespace LlmGateway.UnitTests.Infrastructure.Providers;

public sealed class ModelCatalogValidatorTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["OPENAI_API_KEY"] = "sk-openai",
        ["Providers:0:Name"] = "ollama",
        ["Providers:0:BaseUrl"] = "http://127.0.0.1:11434/v1",
        ["Providers:0:Model"] = "llama3.1",
        ["Models:0:Name"] = "gpt-4o",
        ["Models:0:Aliases:0"] = "gpt4o",
        ["Models:0:Deployments:0:Provider"] = "openai",
        ["Models:0:Deployments:0:Weight"] = "3",
        ["Models:0:Deployments:1:Provider"] = "ollama",
        ["Models:0:Deployments:1:UpstreamModel"] = "llama3.1",
        ["Models:0:Fallbacks:0"] = "gpt-4o-mini",
        ["Models:1:Name"] = "gpt-4o-mini",
        ["Models:1:Deployments:0:Provider"] = "openai",
        ["Models:1:Fallbacks:0"] = "local-echo",
        ["Models:2:Name"] = "local-echo",
        ["Models:2:Deployments:0:Provider"] = "local",
    };

    [Fact]
    public void Validate_ValidCatalogue_Succeeds()
    {
        var result = Validate(Valid);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_UnknownProvider_FailsNamingTheKeyAndTheConfiguredProviders()
    {
        var result = Validate(With(("Models:0:Deployments:1:Provider", "azure-openai")));

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Models:0:Deployments:1:Provider 'azure-openai' is not a configured provider: one of openai, ollama, local", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeploymentPriceOutOfRange_FailsNamingTheSetting()
    {
        var result = Validate(With(("Models:0:Deployments:1:Price:Input", "0.5"), ("Models:0:Deployments:1:Price:Output", "-1")));

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Models:0:Deployments:1:Price: ", failure, StringComparison.Ordinal);
        Assert.Contains("Output", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeploymentPriceInRange_Succeeds()
    {
        var result = Validate(With(("Models:0:Deployments:1:Price:Input", "0"), ("Models:0:Deployments:1:Price:Output", "0")));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_OpenAiWithoutItsKey_FailsAsAnUnknownProvider()
    {
        var settings = With(("OPENAI_API_KEY", ""), ("Models:0:Deployments:0:Provider", "ollama"), ("Models:1:Deployments:0:Provider", "ollama"), ("Models:1:Deployments:0:UpstreamModel", "llama3.2"));
        settings["Models:0:Deployments:1:Provider"] = "openai";

        var result = Validate(settings);

        Assert.Contains(result.Failures!, f => f.StartsWith("Models:0:Deployments:1:Provider 'openai' is not a configured provider: one of ollama, local", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AnthropicDeployment_SucceedsWithItsKeyAndFailsWithout()
    {
        var withKey = With(("ANTHROPIC_API_KEY", "sk-ant"), ("Models:0:Deployments:1:Provider", "anthropic"), ("Models:0:Deployments:1:UpstreamModel", "claude-sonnet-4-5"));
        var withoutKey = With(("Models:0:Deployments:1:Provider", "anthropic"));

        Assert.True(Validate(withKey).Succeeded, Validate(withKey).FailureMessage);
        Assert.StartsWith("Models:0:Deployments:1:Provider 'anthropic' is not a configured provider", Assert.Single(Validate(withoutKey).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FallbackCycle_FailsShowingTheCycle()
    {
        var result = Validate(With(("Models:1:Fallbacks:0", "gpt4o")));

        Assert.Contains("Models: the fallbacks form a cycle (gpt-4o -> gpt-4o-mini -> gpt-4o); a fallback chain must end.", result.Failures!);
    }

    [Fact]
    public void Validate_FallbackToItself_Fails()
    {
        var result = Validate(With(("Models:1:Fallbacks:0", "gpt-4o-mini")));

        Assert.Contains("Models:1:Fallbacks:0 'gpt-4o-mini' is the model itself.", result.Failures!);
    }

    [Fact]
    public void Validate_FallbackToUnknownModel_Fails()
    {
        var result = Validate(With(("Models:0:Fallbacks:0", "gpt-3.5")));

        Assert.Contains("Models:0:Fallbacks:0 'gpt-3.5' is not a model of the catalogue (Models:N:Name or an alias).", result.Failures!);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("1001")]
    public void Validate_WeightOutOfRange_Fails(string weight)
    {
        var result = Validate(With(("Models:0:Deployments:0:Weight", weight)));

        Assert.Contains($"Models:0:Deployments:0:Weight must be between 1 and 1000 (it is {weight}).", result.Failures!);
    }

    [Fact]
    public void Validate_AliasTakenByAnotherModel_Fails()
    {
        var result = Validate(With(("Models:1:Aliases:0", "gpt4o")));

        Assert.Contains("Models:1:Aliases:0 'gpt4o' is taken: it is already the name or an alias of Models:0 (gpt-4o).", result.Failures!);
    }

    [Fact]
    public void Validate_ModelWithoutDeployments_Fails()
    {
        var settings = With();
        settings.Remove("Models:2:Deployments:0:Provider");

        var result = Validate(settings);

        Assert.Contains(result.Failures!, f => f.StartsWith("Models:2:Deployments must list 1 to 64 deployments", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SameDeploymentTwiceInOneModel_Fails()
    {
        var result = Validate(With(("Models:0:Deployments:1:Provider", "openai"), ("Models:0:Deployments:1:UpstreamModel", "gpt-4o")));

        Assert.Contains(result.Failures!, f => f.StartsWith("Models:0:Deployments:1 repeats an earlier deployment", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DefaultModelNotInTheCatalogue_FailsNamingOpenAiModel()
    {
        var result = new ProviderOptionsValidator("gpt-4.1").Validate(null, Bind(Valid));

        Assert.Contains(result.Failures!, f => f.StartsWith("OPENAI_MODEL 'gpt-4.1' is not a model of the catalogue", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DefaultModelIsAnAlias_Succeeds()
    {
        var result = new ProviderOptionsValidator("gpt4o").Validate(null, Bind(Valid));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(Dictionary<string, string?> settings) =>
        new ProviderOptionsValidator("gpt-4o-mini").Validate(null, Bind(settings));

    private static Dictionary<string, string?> With(params (string Key, string Value)[] changes)
    {
        var settings = new Dictionary<string, string?>(Valid);
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static ProviderOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Get<ProviderOptions>()!;
}
