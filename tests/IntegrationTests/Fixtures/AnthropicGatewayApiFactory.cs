using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// A gateway whose one remote provider is Anthropic, played by a <see cref="FakeAnthropicUpstream"/> over real HTTP, with
/// the local provider behind it and the short budgets of <see cref="UpstreamGatewayApiFactory"/>.
/// </summary>
public sealed class AnthropicGatewayApiFactory : GatewayApiFactory
{
    public const string Model = "claude-test";
    public const int MaxTokens = 321;

    public AnthropicGatewayApiFactory()
        : this(FakeAnthropicUpstream.StartAsync().GetAwaiter().GetResult())
    {
    }

    private AnthropicGatewayApiFactory(FakeAnthropicUpstream upstream)
        : base(new Dictionary<string, string?>
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
        })
    {
        Upstream = upstream;
    }

    public FakeAnthropicUpstream Upstream { get; }

    /// <summary>The official OpenAI SDK pointed at this gateway, as a service would use it: base URL + key.</summary>
    public ChatClient CreateSdkChatClient()
    {
        var http = CreateClient();
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        return new ChatClient("gpt-test", new ApiKeyCredential(TokenFor(NewUserId(), "user")), options);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
