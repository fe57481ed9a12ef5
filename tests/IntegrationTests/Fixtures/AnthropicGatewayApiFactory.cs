using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// A gateway whose one remote provider is Anthropic, played by a <see cref="FakeAnthropicUpstream"/> over real HTTP, with
/// the local provider behind it and the short budgets of <see cref="UpstreamGatewayApiFactory"/>.
/// </summary>
public class AnthropicGatewayApiFactory : GatewayApiFactory
{
    public const string Model = "claude-test";
    public const int MaxTokens = 321;

    public AnthropicGatewayApiFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    protected AnthropicGatewayApiFactory(IReadOnlyDictionary<string, string?> overrides)
        : this(FakeAnthropicUpstream.StartAsync().GetAwaiter().GetResult(), overrides)
    {
    }

    private AnthropicGatewayApiFactory(FakeAnthropicUpstream upstream, IReadOnlyDictionary<string, string?> overrides)
        : base(Settings(upstream, overrides))
    {
        Upstream = upstream;
    }

    public FakeAnthropicUpstream Upstream { get; }

    /// <summary>The official OpenAI SDK pointed at this gateway, as a service would use it: base URL + key.</summary>
    public ChatClient CreateSdkChatClient(string model = "gpt-test")
    {
        var http = CreateClient();
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        return new ChatClient(model, new ApiKeyCredential(TokenFor(NewUserId(), "user")), options);
    }

    private static Dictionary<string, string?> Settings(FakeAnthropicUpstream upstream, IReadOnlyDictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ANTHROPIC_API_KEY"] = FakeAnthropicUpstream.ApiKey,
            ["ANTHROPIC_BASE_URL"] = upstream.BaseUrl,
            ["ANTHROPIC_MODEL"] = Model,
            ["ANTHROPIC_MAX_TOKENS"] = MaxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DEFAULT_MAX_TOKENS"] = "1000",
            ["PROVIDER_TIMEOUT_SECONDS"] = "2",
            ["PROVIDER_MAX_RETRIES"] = "1",
            ["PROVIDER_RETRY_DELAY_MS"] = "50",
            ["PROVIDER_STREAM_IDLE_SECONDS"] = "2",
            ["PROVIDER_BREAKER_MIN_CALLS"] = "1000000",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A model catalogue whose one model, <c>claude</c>, is served by Anthropic under another upstream name.</summary>
public sealed class AnthropicCatalogueGatewayApiFactory() : AnthropicGatewayApiFactory(new Dictionary<string, string?>
{
    ["Models:0:Name"] = PublicModel,
    ["Models:0:Deployments:0:Provider"] = "anthropic",
    ["Models:0:Deployments:0:UpstreamModel"] = UpstreamModel,
    ["OPENAI_MODEL"] = PublicModel,
})
{
    public const string PublicModel = "claude";
    public const string UpstreamModel = "claude-upstream-name";
}
