using LlmGateway.Infrastructure.Providers;

namespace LlmGateway.UnitTests.Infrastructure.Providers;

public class ProviderOptionsValidatorTests
{
    private readonly ProviderOptionsValidator _validator = new("gpt-4o-mini");

    [Fact]
    public void Validate_NothingConfigured_SucceedsWithTheLocalProvider()
    {
        var result = _validator.Validate(null, new ProviderOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_FullChain_Succeeds()
    {
        var options = new ProviderOptions
        {
            OpenAiApiKey = "sk-openai",
            OpenAiBaseUrl = "https://api.openai.com/v1",
            AzureEndpoint = "https://my-resource.openai.azure.com",
            AzureApiKey = "azure-key",
            AzureDeployment = "gpt-4o-prod",
            Compatible = [Ollama(), Ollama("vllm")],
            LocalFallback = false,
        };

        var result = _validator.Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("api.openai.com/v1")]
    [InlineData("ftp://example.com/v1")]
    public void Validate_BadOpenAiBaseUrl_FailsNamingIt(string baseUrl)
    {
        var result = _validator.Validate(null, new ProviderOptions { OpenAiApiKey = "sk-openai", OpenAiBaseUrl = baseUrl });

        Assert.Equal("OPENAI_BASE_URL must be an absolute http(s) URL.", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("https://my-resource.openai.azure.com", null, null)]
    [InlineData(null, "azure-key", null)]
    [InlineData(null, null, "gpt-4o-prod")]
    [InlineData("https://my-resource.openai.azure.com", "azure-key", null)]
    [InlineData("https://my-resource.openai.azure.com", " ", "gpt-4o-prod")]
    public void Validate_AzurePartlyConfigured_FailsNamingAllThree(string? endpoint, string? apiKey, string? deployment)
    {
        var result = _validator.Validate(null, new ProviderOptions { AzureEndpoint = endpoint, AzureApiKey = apiKey, AzureDeployment = deployment });

        Assert.Equal("AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT must be set together.", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("api.anthropic.com")]
    [InlineData("ftp://example.com")]
    public void Validate_BadAnthropicBaseUrl_FailsNamingIt(string baseUrl)
    {
        var result = _validator.Validate(null, new ProviderOptions { AnthropicApiKey = "sk-ant", AnthropicBaseUrl = baseUrl });

        Assert.Equal("ANTHROPIC_BASE_URL must be an absolute http(s) URL.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_AnthropicKeyWithoutModel_FailsNamingTheModelSetting()
    {
        var result = _validator.Validate(null, new ProviderOptions { AnthropicApiKey = "sk-ant", AnthropicModel = " " });

        Assert.Equal("ANTHROPIC_MODEL must name a Claude model when ANTHROPIC_API_KEY is set.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_NoLocalFallbackWithAnthropicOnly_Succeeds()
    {
        Assert.True(_validator.Validate(null, new ProviderOptions { LocalFallback = false, AnthropicApiKey = "sk-ant" }).Succeeded);
    }

    [Fact]
    public void Validate_AzureEndpointNotAUrl_FailsNamingIt()
    {
        var result = _validator.Validate(null, new ProviderOptions { AzureEndpoint = "my-resource", AzureApiKey = "azure-key", AzureDeployment = "gpt-4o-prod" });

        Assert.Equal("AZURE_OPENAI_ENDPOINT must be an absolute http(s) URL.", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure-openai")]
    [InlineData("anthropic")]
    [InlineData("local")]
    public void Validate_ProviderNamedLikeABuiltInOne_FailsAsTaken(string name)
    {
        var result = _validator.Validate(null, new ProviderOptions { Compatible = [Ollama(name)] });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Providers:0:Name '{name}' is taken", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoProvidersWithOneName_SecondFailsAsTaken()
    {
        var result = _validator.Validate(null, new ProviderOptions { Compatible = [Ollama(), Ollama("vllm"), Ollama()] });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Providers:2:Name 'ollama' is taken", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ollama")]
    [InlineData("my provider")]
    [InlineData("-ollama")]
    public void Validate_ProviderNameNotLowerCaseSlug_FailsNamingTheEntry(string name)
    {
        var result = _validator.Validate(null, new ProviderOptions { Compatible = [Ollama(name)] });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Providers:0", failure, StringComparison.Ordinal);
        Assert.Contains("Name", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "BaseUrl")]
    [InlineData("localhost:11434", "BaseUrl")]
    [InlineData("ftp://127.0.0.1/v1", "BaseUrl")]
    public void Validate_ProviderWithBadBaseUrl_FailsNamingTheEntryAndSetting(string baseUrl, string setting)
    {
        var provider = Ollama();
        provider.BaseUrl = baseUrl;

        var result = _validator.Validate(null, new ProviderOptions { Compatible = [provider] });

        Assert.True(result.Failed);
        Assert.All(result.Failures!, f => Assert.Contains("Providers:0", f, StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ProviderWithoutModel_FailsNamingTheEntryAndModel()
    {
        var provider = Ollama();
        provider.Model = "";

        var result = _validator.Validate(null, new ProviderOptions { Compatible = [provider] });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Providers:0", failure, StringComparison.Ordinal);
        Assert.Contains("Model is required", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoLocalFallbackAndNoProvider_FailsSayingWhatToSet()
    {
        var result = _validator.Validate(null, new ProviderOptions { LocalFallback = false });

        Assert.Equal("LOCAL_FALLBACK=false leaves no provider: set OPENAI_API_KEY, AZURE_OPENAI_*, ANTHROPIC_API_KEY or Providers:N.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_NoLocalFallbackAndPartialAzureOnly_FailsForBoth()
    {
        var result = _validator.Validate(null, new ProviderOptions { LocalFallback = false, AzureApiKey = "azure-key" });

        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("LOCAL_FALLBACK=false", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sk-openai", null)]
    [InlineData(null, "ollama")]
    public void Validate_NoLocalFallbackWithARemoteProvider_Succeeds(string? openAiKey, string? compatible)
    {
        var options = new ProviderOptions { LocalFallback = false, OpenAiApiKey = openAiKey, Compatible = compatible is null ? [] : [Ollama(compatible)] };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_Failures_NeverShowAnApiKey()
    {
        var options = new ProviderOptions
        {
            OpenAiApiKey = "sk-very-secret-openai",
            OpenAiBaseUrl = "nope",
            AzureApiKey = "very-secret-azure",
            Compatible = [new CompatibleProviderOptions { Name = "Bad Name", BaseUrl = "nope", ApiKey = "very-secret-compatible" }],
            LocalFallback = false,
        };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.DoesNotContain("secret", result.FailureMessage, StringComparison.Ordinal);
    }

    private static CompatibleProviderOptions Ollama(string name = "ollama") =>
        new() { Name = name, BaseUrl = "http://127.0.0.1:11434/v1", Model = "llama3.1" };
}
