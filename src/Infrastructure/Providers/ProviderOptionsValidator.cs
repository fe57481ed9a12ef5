namespace LlmGateway.Infrastructure.Providers;

/// <summary>Refuses to start with a provider chain that cannot work; every message names the setting to fix.</summary>
/// <param name="defaultModel">OPENAI_MODEL: what <c>/generate</c> and a request without a model ask for, so a configured catalogue must have it.</param>
internal sealed class ProviderOptionsValidator(string defaultModel) : IValidateOptions<ProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, ProviderOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.OpenAiBaseUrl) && !IsHttpUrl(options.OpenAiBaseUrl))
        {
            failures.Add("OPENAI_BASE_URL must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.AnthropicBaseUrl) && !IsHttpUrl(options.AnthropicBaseUrl))
        {
            failures.Add("ANTHROPIC_BASE_URL must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.AnthropicApiKey) && string.IsNullOrWhiteSpace(options.AnthropicModel))
        {
            failures.Add("ANTHROPIC_MODEL must name a Claude model when ANTHROPIC_API_KEY is set.");
        }

        var azureSettings = new[] { options.AzureEndpoint, options.AzureApiKey, options.AzureDeployment };
        var azureSet = azureSettings.Count(s => !string.IsNullOrWhiteSpace(s));
        if (azureSet is > 0 and < 3)
        {
            failures.Add("AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT must be set together.");
        }
        else if (azureSet == 3 && !IsHttpUrl(options.AzureEndpoint!))
        {
            failures.Add("AZURE_OPENAI_ENDPOINT must be an absolute http(s) URL.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal) { "openai", "azure-openai", AnthropicProvider.ProviderName, LocalChatProvider.ProviderName };
        for (var i = 0; i < options.Compatible.Count; i++)
        {
            var provider = options.Compatible[i];
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(provider, new(provider), results, validateAllProperties: true);
            foreach (var result in results)
            {
                // With a catalogue, each deployment names its model: a provider's own model is not used.
                if (options.Models.Count == 0 || !result.MemberNames.Contains(nameof(CompatibleProviderOptions.Model)))
                {
                    failures.Add($"Providers:{i}: {result.ErrorMessage}");
                }
            }

            if (!string.IsNullOrEmpty(provider.BaseUrl) && !IsHttpUrl(provider.BaseUrl))
            {
                failures.Add($"Providers:{i}:BaseUrl must be an absolute http(s) URL.");
            }

            if (!string.IsNullOrEmpty(provider.Name) && !names.Add(provider.Name))
            {
                failures.Add($"Providers:{i}:Name '{provider.Name}' is taken: provider names must be unique and not 'openai', 'azure-openai', 'anthropic' or 'local'.");
            }
        }

        if (!options.LocalFallback && string.IsNullOrWhiteSpace(options.OpenAiApiKey) && azureSet < 3 && string.IsNullOrWhiteSpace(options.AnthropicApiKey) && options.Compatible.Count == 0)
        {
            failures.Add("LOCAL_FALLBACK=false leaves no provider: set OPENAI_API_KEY, AZURE_OPENAI_*, ANTHROPIC_API_KEY or Providers:N.");
        }

        if (options.Models.Count > 0)
        {
            ModelCatalogValidator.Validate(options.Models, ConfiguredNames(options, azureSet == 3), failures);
            if (!ModelCatalogValidator.Names(options.Models, defaultModel) && !(options.LocalFallback && defaultModel == LocalChatProvider.ModelName))
            {
                failures.Add($"OPENAI_MODEL '{defaultModel}' is not a model of the catalogue: set it to a Models:N:Name or alias (it is the model of /generate and of requests that name none).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The names a catalogue deployment may use, in chain order.</summary>
    private static List<string> ConfiguredNames(ProviderOptions options, bool azure)
    {
        var names = new List<string>(options.Compatible.Count + 3);
        if (!string.IsNullOrWhiteSpace(options.OpenAiApiKey))
        {
            names.Add("openai");
        }

        if (azure)
        {
            names.Add("azure-openai");
        }

        foreach (var provider in options.Compatible)
        {
            names.Add(provider.Name);
        }

        names.Add(LocalChatProvider.ProviderName);
        return names;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
