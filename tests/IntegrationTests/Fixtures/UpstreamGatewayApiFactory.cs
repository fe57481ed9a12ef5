using System.ClientModel;
using OpenAI;
using OpenAI.Responses;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// A gateway whose primary provider is a <see cref="FakeOpenAiUpstream"/> over real HTTP, with budgets short enough
/// for tests: 1 s per attempt, one retry, Retry-After honoured up to 2 s, 1 s of stream silence.
/// </summary>
public class UpstreamGatewayApiFactory : GatewayApiFactory
{
    public const string UpstreamModel = "gpt-test";
    public const string UpstreamApiKey = "sk-fake-upstream-key-for-integration-tests";

    public UpstreamGatewayApiFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    protected UpstreamGatewayApiFactory(IReadOnlyDictionary<string, string?> overrides)
        : this(FakeOpenAiUpstream.StartAsync().GetAwaiter().GetResult(), overrides)
    {
    }

    protected UpstreamGatewayApiFactory(Func<FakeOpenAiUpstream, IReadOnlyDictionary<string, string?>> overrides)
        : this(FakeOpenAiUpstream.StartAsync().GetAwaiter().GetResult(), overrides)
    {
    }

    private UpstreamGatewayApiFactory(FakeOpenAiUpstream upstream, IReadOnlyDictionary<string, string?> overrides)
        : this(upstream, _ => overrides)
    {
    }

    private UpstreamGatewayApiFactory(FakeOpenAiUpstream upstream, Func<FakeOpenAiUpstream, IReadOnlyDictionary<string, string?>> overrides)
        : base(Settings(upstream, overrides(upstream)))
    {
        Upstream = upstream;
    }

    public FakeOpenAiUpstream Upstream { get; }

    /// <summary>The official OpenAI SDK's Responses client pointed at this gateway.</summary>
    public ResponsesClient CreateSdkResponsesClient(string? bearer = null) =>
        new OpenAIClient(new ApiKeyCredential(bearer ?? TokenFor(NewUserId(), "user")), SdkOptions()).GetResponsesClient();

    public const string EmbeddingModel = "text-embedding-3-small";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Timeouts, retries and breaker pauses short enough for failure tests against fake upstreams.</summary>
    internal static IReadOnlyDictionary<string, string?> FastProviderTimings { get; } = new Dictionary<string, string?>
    {
        ["PROVIDER_TIMEOUT_SECONDS"] = "1",
        ["PROVIDER_MAX_RETRIES"] = "1",
        ["PROVIDER_RETRY_DELAY_MS"] = "50",
        ["PROVIDER_MAX_RETRY_AFTER_SECONDS"] = "2",
        ["PROVIDER_STREAM_IDLE_SECONDS"] = "1",
        ["PROVIDER_BREAK_SECONDS"] = "1",
    };

    private static Dictionary<string, string?> Settings(FakeOpenAiUpstream upstream, IReadOnlyDictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>(FastProviderTimings, StringComparer.OrdinalIgnoreCase)
        {
            ["OPENAI_API_KEY"] = UpstreamApiKey,
            ["OPENAI_BASE_URL"] = upstream.BaseUrl + "/v1",
            ["OPENAI_MODEL"] = UpstreamModel,
            // Failure tests share one gateway; only the breaker's own test lets it open.
            ["PROVIDER_BREAKER_MIN_CALLS"] = "1000000",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}

/// <summary>No local fallback, and RATE_LIMIT=3: every provider failure and every limit reaches the client.</summary>
public sealed class NoFallbackGatewayApiFactory() : UpstreamGatewayApiFactory(new Dictionary<string, string?>
{
    ["LOCAL_FALLBACK"] = "false",
    ["RATE_LIMIT"] = "3",
});

/// <summary>No local fallback, and a breaker that opens after four failed calls, for two seconds.</summary>
public sealed class CircuitBreakerGatewayApiFactory() : UpstreamGatewayApiFactory(new Dictionary<string, string?>
{
    ["LOCAL_FALLBACK"] = "false",
    ["PROVIDER_BREAKER_MIN_CALLS"] = "4",
    ["PROVIDER_BREAK_SECONDS"] = "2",
});

/// <summary>
/// A three-member chain — openai (the fake) → "ollama" (the same fake serving <see cref="FakeOpenAiUpstream.HealthyModel"/>,
/// as a local OpenAI-compatible server would) → local.
/// </summary>
public sealed class ChainGatewayApiFactory() : UpstreamGatewayApiFactory(upstream => new Dictionary<string, string?>
{
    ["Providers:0:Name"] = "ollama",
    ["Providers:0:BaseUrl"] = upstream.BaseUrl + "/v1",
    ["Providers:0:Model"] = FakeOpenAiUpstream.HealthyModel,
});

/// <summary>3 requests and 2 streams at once per user; a "hang" upstream holds one 5 s attempt (no retry), then local answers.</summary>
public sealed class UserConcurrencyGatewayApiFactory() : UpstreamGatewayApiFactory(new Dictionary<string, string?>
{
    ["MAX_CONCURRENT_REQUESTS_PER_USER"] = MaxRequests.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["MAX_CONCURRENT_STREAMS_PER_USER"] = MaxStreams.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["PROVIDER_TIMEOUT_SECONDS"] = "5",
    ["PROVIDER_MAX_RETRIES"] = "0",
})
{
    public const int MaxRequests = 3;
    public const int MaxStreams = 2;
}

/// <summary>END_USER_ID=forward: the client's user field goes to the provider as sent.</summary>
public sealed class ForwardEndUserGatewayApiFactory() : UpstreamGatewayApiFactory(new Dictionary<string, string?>
{
    ["END_USER_ID"] = "forward",
});
