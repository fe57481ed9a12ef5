using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The provider chain, bound from the flat names of docs/configuration.md plus a <c>Providers</c> list for further
/// OpenAI-compatible endpoints. Chain order: OpenAI (OPENAI_API_KEY set) → Azure OpenAI (AZURE_OPENAI_* set)
/// → Anthropic (ANTHROPIC_API_KEY set) → each <c>Providers:N</c> entry → the built-in local provider (unless LOCAL_FALLBACK=false).
/// </summary>
public sealed class ProviderOptions
{
    [ConfigurationKeyName("OPENAI_API_KEY")]
    public string? OpenAiApiKey { get; set; }

    /// <summary>Any OpenAI-compatible endpoint; unset → OpenAI's own.</summary>
    [ConfigurationKeyName("OPENAI_BASE_URL")]
    public string? OpenAiBaseUrl { get; set; }

    /// <summary>e.g. https://my-resource.openai.azure.com — served through Azure's OpenAI-compatible v1 API.</summary>
    [ConfigurationKeyName("AZURE_OPENAI_ENDPOINT")]
    public string? AzureEndpoint { get; set; }

    [ConfigurationKeyName("AZURE_OPENAI_API_KEY")]
    public string? AzureApiKey { get; set; }

    [ConfigurationKeyName("AZURE_OPENAI_DEPLOYMENT")]
    public string? AzureDeployment { get; set; }

    /// <summary>Anthropic's Messages API (<see cref="AnthropicProvider"/>).</summary>
    [ConfigurationKeyName("ANTHROPIC_API_KEY")]
    public string? AnthropicApiKey { get; set; }

    /// <summary>Unset → https://api.anthropic.com; the SDK appends <c>/v1/messages</c>.</summary>
    [ConfigurationKeyName("ANTHROPIC_BASE_URL")]
    public string? AnthropicBaseUrl { get; set; }

    /// <summary>The Claude model every request to Anthropic asks for: the chat request's model names an OpenAI model.</summary>
    [ConfigurationKeyName("ANTHROPIC_MODEL")]
    public string AnthropicModel { get; set; } = "claude-sonnet-4-5";

    /// <summary>
    /// Anthropic requires max_tokens: when the caller sent none, this — never more than the gateway's own default for the
    /// caller (DEFAULT_MAX_TOKENS capped by the role's limit). Unset → that default.
    /// </summary>
    [ConfigurationKeyName("ANTHROPIC_MAX_TOKENS")]
    [Range(1, 1_000_000, ErrorMessage = "ANTHROPIC_MAX_TOKENS must be between 1 and 1000000.")]
    public int? AnthropicMaxTokens { get; set; }

    /// <summary>Further OpenAI-compatible providers (Ollama, vLLM, llama.cpp...), tried in this order.</summary>
    [ConfigurationKeyName("Providers")]
    public List<CompatibleProviderOptions> Compatible { get; set; } = [];

    /// <summary>Put the built-in local provider at the end of the chain (docs/operations.md). Off → all providers down is a 503.</summary>
    [ConfigurationKeyName("LOCAL_FALLBACK")]
    public bool LocalFallback { get; set; } = true;

    /// <summary>
    /// The model catalogue: each public model, its aliases, its deployments and its fallbacks. Empty → derived from the
    /// providers above, as the chain behaved before there was a catalogue (<see cref="ModelCatalogPlan"/>).
    /// </summary>
    [ConfigurationKeyName("Models")]
    public List<ModelOptions> Models { get; set; } = [];

    /// <summary>One attempt's budget: until the whole answer, or until the first byte of a stream.</summary>
    [ConfigurationKeyName("PROVIDER_TIMEOUT_SECONDS")]
    [Range(0.1, 600, ErrorMessage = "PROVIDER_TIMEOUT_SECONDS must be between 0.1 and 600.")]
    public double AttemptTimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of one provider on 429, 5xx, timeouts and connection failures before the chain moves on.</summary>
    [ConfigurationKeyName("PROVIDER_MAX_RETRIES")]
    [Range(0, 10, ErrorMessage = "PROVIDER_MAX_RETRIES must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay; later ones grow exponentially, with jitter.</summary>
    [ConfigurationKeyName("PROVIDER_RETRY_DELAY_MS")]
    [Range(1, 60_000, ErrorMessage = "PROVIDER_RETRY_DELAY_MS must be between 1 and 60000.")]
    public int RetryDelayMilliseconds { get; set; } = 250;

    /// <summary>A Retry-After longer than this is not waited for: the chain moves on to the next provider instead.</summary>
    [ConfigurationKeyName("PROVIDER_MAX_RETRY_AFTER_SECONDS")]
    [Range(0, 600, ErrorMessage = "PROVIDER_MAX_RETRY_AFTER_SECONDS must be between 0 and 600.")]
    public double MaxRetryAfterSeconds { get; set; } = 5;

    /// <summary>Open connections to one provider host at most; further requests wait for a free one.</summary>
    [ConfigurationKeyName("PROVIDER_MAX_CONNECTIONS")]
    [Range(1, 10_000, ErrorMessage = "PROVIDER_MAX_CONNECTIONS must be between 1 and 10000.")]
    public int MaxConnectionsPerServer { get; set; } = 256;

    /// <summary>How long a provider whose breaker opened is skipped.</summary>
    [ConfigurationKeyName("PROVIDER_BREAK_SECONDS")]
    [Range(0.5, 3600, ErrorMessage = "PROVIDER_BREAK_SECONDS must be between 0.5 and 3600.")]
    public double BreakSeconds { get; set; } = 30;

    /// <summary>The breaker opens when at least this many calls in the sampling window (at least 5 s) failed half the time or more.</summary>
    [ConfigurationKeyName("PROVIDER_BREAKER_MIN_CALLS")]
    [Range(2, 1_000_000, ErrorMessage = "PROVIDER_BREAKER_MIN_CALLS must be between 2 and 1000000.")]
    public int BreakerMinimumCalls { get; set; } = 10;

    /// <summary>Longest silence between two chunks of a stream before it counts as broken off.</summary>
    [ConfigurationKeyName("PROVIDER_STREAM_IDLE_SECONDS")]
    [Range(0.1, 600, ErrorMessage = "PROVIDER_STREAM_IDLE_SECONDS must be between 0.1 and 600.")]
    public double StreamIdleSeconds { get; set; } = 30;

    /// <summary>The configured remote providers in chain order (the local provider is not among them).</summary>
    public IReadOnlyList<RemoteProvider> RemoteProviders(string defaultModel)
    {
        var providers = new List<RemoteProvider>();
        if (!string.IsNullOrWhiteSpace(OpenAiApiKey))
        {
            var endpoint = string.IsNullOrWhiteSpace(OpenAiBaseUrl) ? null : new Uri(OpenAiBaseUrl, UriKind.Absolute);
            providers.Add(new RemoteProvider("openai", endpoint, OpenAiApiKey, defaultModel, UsesRequestedModel: true));
        }

        if (!string.IsNullOrWhiteSpace(AzureEndpoint) && !string.IsNullOrWhiteSpace(AzureApiKey) && !string.IsNullOrWhiteSpace(AzureDeployment))
        {
            // Azure OpenAI's v1 API speaks the OpenAI protocol; the deployment takes the place of the model.
            var endpoint = new Uri(new Uri(AzureEndpoint.TrimEnd('/') + "/", UriKind.Absolute), "openai/v1/");
            providers.Add(new RemoteProvider("azure-openai", endpoint, AzureApiKey, AzureDeployment, UsesRequestedModel: false));
        }

        if (!string.IsNullOrWhiteSpace(AnthropicApiKey))
        {
            var endpoint = string.IsNullOrWhiteSpace(AnthropicBaseUrl) ? null : new Uri(AnthropicBaseUrl, UriKind.Absolute);
            providers.Add(new RemoteProvider(AnthropicProvider.ProviderName, endpoint, AnthropicApiKey, AnthropicModel, UsesRequestedModel: false, ProviderProtocol.Anthropic));
        }

        foreach (var compatible in Compatible)
        {
            providers.Add(new RemoteProvider(
                compatible.Name,
                new Uri(compatible.BaseUrl, UriKind.Absolute),
                string.IsNullOrEmpty(compatible.ApiKey) ? "none" : compatible.ApiKey,
                compatible.Model,
                UsesRequestedModel: false));
        }

        return providers;
    }
}

/// <summary>One further OpenAI-compatible endpoint: <c>Providers__0__Name=ollama</c>, <c>Providers__0__BaseUrl=http://127.0.0.1:11434/v1</c>, <c>Providers__0__Model=llama3.1</c>.</summary>
public sealed class CompatibleProviderOptions
{
    [Required(AllowEmptyStrings = false, ErrorMessage = "Providers:N:Name is required.")]
    [RegularExpression("^[a-z0-9][a-z0-9._-]{0,39}$", ErrorMessage = "Providers:N:Name must be 1-40 lower-case letters, digits, '.', '_' or '-'.")]
    public string Name { get; set; } = string.Empty;

    [Required(AllowEmptyStrings = false, ErrorMessage = "Providers:N:BaseUrl is required.")]
    [Url(ErrorMessage = "Providers:N:BaseUrl must be an absolute http(s) URL.")]
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>Local servers usually need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model it serves when no catalogue is configured (Models:N); with one, each deployment names its model.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Providers:N:Model is required (unless a model catalogue, Models:N, is configured).")]
    public string Model { get; set; } = string.Empty;
}

/// <param name="Endpoint">Null → the protocol's own service (api.openai.com, api.anthropic.com).</param>
/// <param name="UsesRequestedModel">
/// The primary OpenAI provider serves whatever model the caller asked for (the policy's allow-list decides
/// which); further providers serve their one configured model, which the answer then names.
/// </param>
/// <param name="Protocol">Which wire protocol the provider speaks, and so which adapter serves it (<see cref="ProviderClients"/>).</param>
public sealed record RemoteProvider(string Name, Uri? Endpoint, string ApiKey, string Model, bool UsesRequestedModel, ProviderProtocol Protocol = ProviderProtocol.OpenAi)
{
    /// <summary><c>gen_ai.provider.name</c>: the GenAI conventions' well-known names for OpenAI and Azure OpenAI, else the configured name.</summary>
    public string GenAiProviderName => Name switch
    {
        "openai" => "openai",
        "azure-openai" => "azure.ai.openai",
        _ => Name,
    };

    /// <summary>Never the key: records print their members.</summary>
    public override string ToString() => $"{Name} ({Endpoint?.ToString() ?? (Protocol == ProviderProtocol.Anthropic ? "api.anthropic.com" : "api.openai.com")}, model {Model})";
}

/// <summary>The protocol a provider speaks.</summary>
public enum ProviderProtocol
{
    /// <summary>Chat completions: OpenAI, Azure OpenAI's v1 API, and OpenAI-compatible servers.</summary>
    OpenAi,

    /// <summary>Anthropic's Messages API.</summary>
    Anthropic,
}
