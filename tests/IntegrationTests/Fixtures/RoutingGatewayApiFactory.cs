namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// A gateway with a model catalogue over three fake upstreams (each a <see cref="FakeOpenAiUpstream"/> of its own,
/// scripted by <c>[[fake:500@east+west]]</c> and the like): <c>gpt-4o</c> (alias
/// <c>gpt4o</c>) on east (weight 3) and west (weight 1), falling back to <c>gpt-4o-mini</c> on mini, then local.
/// Budgets as in <see cref="UpstreamGatewayApiFactory"/>; breakers that never open.
/// </summary>
public class RoutingGatewayApiFactory : GatewayApiFactory
{
    public const string EastModel = "gpt-4o-2024-08-06";
    public const string WestModel = "gpt-4o-west-deployment";
    public const string MiniModel = "gpt-4o-mini-2024-07-18";

    public RoutingGatewayApiFactory()
        : this(StartUpstreams(), upstreams => new Dictionary<string, string?>
        {
            ["OPENAI_MODEL"] = "gpt-4o",
            ["Models:0:Name"] = "gpt-4o",
            ["Models:0:Aliases:0"] = "gpt4o",
            ["Models:0:Deployments:0:Provider"] = "east",
            ["Models:0:Deployments:0:UpstreamModel"] = EastModel,
            ["Models:0:Deployments:0:Weight"] = "3",
            ["Models:0:Deployments:1:Provider"] = "west",
            ["Models:0:Deployments:1:UpstreamModel"] = WestModel,
            ["Models:0:Deployments:1:Weight"] = "1",
            ["Models:0:Fallbacks:0"] = "gpt-4o-mini",
            ["Models:1:Name"] = "gpt-4o-mini",
            ["Models:1:Deployments:0:Provider"] = "mini",
            ["Models:1:Deployments:0:UpstreamModel"] = MiniModel,
            ["PROVIDER_BREAKER_MIN_CALLS"] = "1000000",
        })
    {
    }

    protected RoutingGatewayApiFactory(
        (FakeOpenAiUpstream East, FakeOpenAiUpstream West, FakeOpenAiUpstream Mini) upstreams,
        Func<(FakeOpenAiUpstream East, FakeOpenAiUpstream West, FakeOpenAiUpstream Mini), Dictionary<string, string?>> catalogue)
        : base(Settings(upstreams, catalogue(upstreams)))
    {
        (East, West, Mini) = upstreams;
    }

    public FakeOpenAiUpstream East { get; }

    public FakeOpenAiUpstream West { get; }

    public FakeOpenAiUpstream Mini { get; }

    /// <summary>How many requests with this prompt each upstream received: (east, west, mini).</summary>
    public (int East, int West, int Mini) Attempts(string prompt) => (East.Attempts(prompt), West.Attempts(prompt), Mini.Attempts(prompt));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await East.DisposeAsync();
        await West.DisposeAsync();
        await Mini.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static (FakeOpenAiUpstream, FakeOpenAiUpstream, FakeOpenAiUpstream) StartUpstreams() =>
        (FakeOpenAiUpstream.StartAsync("east").GetAwaiter().GetResult(),
         FakeOpenAiUpstream.StartAsync("west").GetAwaiter().GetResult(),
         FakeOpenAiUpstream.StartAsync("mini").GetAwaiter().GetResult());

    private static Dictionary<string, string?> Settings((FakeOpenAiUpstream East, FakeOpenAiUpstream West, FakeOpenAiUpstream Mini) upstreams, Dictionary<string, string?> catalogue)
    {
        var settings = new Dictionary<string, string?>(UpstreamGatewayApiFactory.FastProviderTimings, StringComparer.OrdinalIgnoreCase)
        {
            // Further OpenAI-compatible providers, by name; a catalogue deployment names its own model, so none is set here.
            ["Providers:0:Name"] = "east",
            ["Providers:0:BaseUrl"] = upstreams.East.BaseUrl + "/v1",
            ["Providers:1:Name"] = "west",
            ["Providers:1:BaseUrl"] = upstreams.West.BaseUrl + "/v1",
            ["Providers:2:Name"] = "mini",
            ["Providers:2:BaseUrl"] = upstreams.Mini.BaseUrl + "/v1",
        };
        foreach (var (key, value) in catalogue)
        {
            settings[key] = value;
        }

        return settings;
    }
}

/// <summary>
/// Breakers that open after four failed calls and stay open for a minute, no local fallback. <c>alpha</c> and <c>beta</c>
/// are two deployments of the same provider (east); <c>duo</c> shares alpha's deployment and has one on west.
/// </summary>
public sealed class RoutingBreakerGatewayApiFactory() : RoutingGatewayApiFactory(StartUpstreams(), _ => new Dictionary<string, string?>
{
    ["OPENAI_MODEL"] = "alpha",
    ["LOCAL_FALLBACK"] = "false",
    ["PROVIDER_BREAKER_MIN_CALLS"] = "4",
    ["PROVIDER_BREAK_SECONDS"] = "60",
    ["Models:0:Name"] = "alpha",
    ["Models:0:Deployments:0:Provider"] = "east",
    ["Models:0:Deployments:0:UpstreamModel"] = "alpha-upstream",
    ["Models:1:Name"] = "beta",
    ["Models:1:Deployments:0:Provider"] = "east",
    ["Models:1:Deployments:0:UpstreamModel"] = "beta-upstream",
    ["Models:2:Name"] = "duo",
    ["Models:2:Deployments:0:Provider"] = "east",
    ["Models:2:Deployments:0:UpstreamModel"] = "alpha-upstream",
    ["Models:2:Deployments:1:Provider"] = "west",
    ["Models:2:Deployments:1:UpstreamModel"] = "duo-upstream",
});
