using LlmGateway.Infrastructure.Providers;
using Microsoft.Extensions.Configuration;

namespace LlmGateway.UnitTests.Infrastructure.Providers;

public class ProviderOptionsTests
{
    private const string DefaultModel = "gpt-4o-mini";

    [Fact]
    public void RemoteProviders_NothingConfigured_None()
    {
        Assert.Empty(Bind([]).RemoteProviders(DefaultModel));
    }

    [Fact]
    public void RemoteProviders_EverythingConfigured_OpenAiThenAzureThenEachProviderInOrder()
    {
        var options = Bind(new()
        {
            ["OPENAI_API_KEY"] = "sk-openai",
            ["AZURE_OPENAI_ENDPOINT"] = "https://my-resource.openai.azure.com",
            ["AZURE_OPENAI_API_KEY"] = "azure-key",
            ["AZURE_OPENAI_DEPLOYMENT"] = "gpt-4o-prod",
            ["ANTHROPIC_API_KEY"] = "sk-ant",
            ["Providers:0:Name"] = "ollama",
            ["Providers:0:BaseUrl"] = "http://127.0.0.1:11434/v1",
            ["Providers:0:Model"] = "llama3.1",
            ["Providers:1:Name"] = "vllm",
            ["Providers:1:BaseUrl"] = "http://10.0.0.5:8000/v1",
            ["Providers:1:Model"] = "qwen2.5",
            ["Providers:1:ApiKey"] = "vllm-key",
        });

        var chain = options.RemoteProviders(DefaultModel);

        Assert.Equal(["openai", "azure-openai", "anthropic", "ollama", "vllm"], chain.Select(p => p.Name));
        Assert.Equal(["sk-openai", "azure-key", "sk-ant", "none", "vllm-key"], chain.Select(p => p.ApiKey));
        Assert.Equal(new Uri("http://127.0.0.1:11434/v1"), chain[3].Endpoint);
        Assert.Equal(ProviderProtocol.Anthropic, chain[2].Protocol);
        Assert.All(chain.Where(p => p.Name != "anthropic"), p => Assert.Equal(ProviderProtocol.OpenAi, p.Protocol));
    }

    [Fact]
    public void RemoteProviders_Anthropic_ServesItsConfiguredModelAtItsBaseUrl()
    {
        var anthropic = Assert.Single(Bind(new() { ["ANTHROPIC_API_KEY"] = "sk-ant", ["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:8080", ["ANTHROPIC_MODEL"] = "claude-x" }).RemoteProviders(DefaultModel));

        Assert.Equal(("anthropic", "claude-x", false, ProviderProtocol.Anthropic), (anthropic.Name, anthropic.Model, anthropic.UsesRequestedModel, anthropic.Protocol));
        Assert.Equal(new Uri("http://127.0.0.1:8080"), anthropic.Endpoint);
        Assert.DoesNotContain("sk-ant", anthropic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RemoteProviders_OpenAi_ServesTheRequestedModelAtOpenAisEndpoint()
    {
        var openai = Assert.Single(Bind(new() { ["OPENAI_API_KEY"] = "sk-openai" }).RemoteProviders(DefaultModel));

        Assert.Equal(("openai", DefaultModel, true), (openai.Name, openai.Model, openai.UsesRequestedModel));
        Assert.Null(openai.Endpoint);
    }

    [Fact]
    public void RemoteProviders_OpenAiBaseUrl_UsedAsTheEndpoint()
    {
        var openai = Assert.Single(Bind(new() { ["OPENAI_API_KEY"] = "sk-openai", ["OPENAI_BASE_URL"] = "http://127.0.0.1:9000/v1" }).RemoteProviders(DefaultModel));

        Assert.Equal(new Uri("http://127.0.0.1:9000/v1"), openai.Endpoint);
    }

    [Theory]
    [InlineData("https://my-resource.openai.azure.com")]
    [InlineData("https://my-resource.openai.azure.com/")]
    public void RemoteProviders_Azure_V1EndpointAndTheDeploymentAsModel(string endpoint)
    {
        var azure = Assert.Single(Bind(new()
        {
            ["AZURE_OPENAI_ENDPOINT"] = endpoint,
            ["AZURE_OPENAI_API_KEY"] = "azure-key",
            ["AZURE_OPENAI_DEPLOYMENT"] = "gpt-4o-prod",
        }).RemoteProviders(DefaultModel));

        Assert.Equal("https://my-resource.openai.azure.com/openai/v1/", azure.Endpoint?.ToString());
        Assert.Equal(("azure-openai", "gpt-4o-prod", false), (azure.Name, azure.Model, azure.UsesRequestedModel));
    }

    [Fact]
    public void RemoteProviders_AzurePartlyConfigured_NotInTheChain()
    {
        var options = Bind(new() { ["AZURE_OPENAI_ENDPOINT"] = "https://my-resource.openai.azure.com", ["AZURE_OPENAI_API_KEY"] = "azure-key" });

        Assert.Empty(options.RemoteProviders(DefaultModel));
    }

    [Fact]
    public void RemoteProviders_FurtherProvider_ServesItsConfiguredModel()
    {
        var ollama = Assert.Single(Bind(new()
        {
            ["Providers:0:Name"] = "ollama",
            ["Providers:0:BaseUrl"] = "http://127.0.0.1:11434/v1",
            ["Providers:0:Model"] = "llama3.1",
        }).RemoteProviders(DefaultModel));

        Assert.Equal(("llama3.1", false), (ollama.Model, ollama.UsesRequestedModel));
    }

    [Fact]
    public void Bind_NoSettings_LocalFallbackOnAndDefaultResilience()
    {
        var options = Bind([]);

        Assert.True(options.LocalFallback);
        Assert.Equal((30.0, 2), (options.AttemptTimeoutSeconds, options.MaxRetries));
    }

    [Fact]
    public void Bind_LocalFallbackFalse_Off()
    {
        Assert.False(Bind(new() { ["LOCAL_FALLBACK"] = "false" }).LocalFallback);
    }

    [Theory]
    [InlineData("openai", null)]
    [InlineData("azure-openai", "https://my-resource.openai.azure.com/openai/v1/")]
    [InlineData("ollama", "http://127.0.0.1:11434/v1")]
    public void ToString_NeverShowsTheApiKey(string name, string? endpoint)
    {
        var provider = new RemoteProvider(name, endpoint is null ? null : new Uri(endpoint), "sk-very-secret-key-123", "gpt-4o", UsesRequestedModel: false);

        var printed = provider.ToString();

        Assert.DoesNotContain("sk-very-secret-key-123", printed, StringComparison.Ordinal);
        Assert.Contains(name, printed, StringComparison.Ordinal);
        Assert.Contains("gpt-4o", printed, StringComparison.Ordinal);
    }

    private static ProviderOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Get<ProviderOptions>() ?? new ProviderOptions();
}
