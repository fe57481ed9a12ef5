using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.Providers;
using Microsoft.Extensions.Configuration;

namespace LlmGateway.UnitTests.Infrastructure.Providers;

public sealed class ModelRouterTests
{
    private const string DefaultModel = "gpt-4o-mini";

    /// <summary>gpt-4o on openai (weight 3) and azure (weight 1), falling back to gpt-4o-mini (openai), then local.</summary>
    private static readonly Dictionary<string, string?> Catalogue = new()
    {
        ["OPENAI_API_KEY"] = "sk-openai",
        ["AZURE_OPENAI_ENDPOINT"] = "https://my-resource.openai.azure.com",
        ["AZURE_OPENAI_API_KEY"] = "azure-key",
        ["AZURE_OPENAI_DEPLOYMENT"] = "gpt-4o-prod",
        ["Providers:0:Name"] = "ollama",
        ["Providers:0:BaseUrl"] = "http://127.0.0.1:11434/v1",
        ["Providers:0:Model"] = "llama3.1",
        ["Models:0:Name"] = "gpt-4o",
        ["Models:0:Aliases:0"] = "gpt4o",
        ["Models:0:Deployments:0:Provider"] = "openai",
        ["Models:0:Deployments:0:UpstreamModel"] = "gpt-4o-2024-08-06",
        ["Models:0:Deployments:0:Weight"] = "3",
        ["Models:0:Deployments:1:Provider"] = "azure-openai",
        ["Models:0:Deployments:1:UpstreamModel"] = "gpt-4o-prod",
        ["Models:0:Fallbacks:0"] = "gpt-4o-mini",
        ["Models:1:Name"] = "gpt-4o-mini",
        ["Models:1:Deployments:0:Provider"] = "openai",
        ["Models:2:Name"] = "llama3.1",
        ["Models:2:Deployments:0:Provider"] = "ollama",
    };

    [Fact]
    public void TryRoute_ConfiguredModel_ItsDeploymentsThenItsFallbacksThenLocal()
    {
        var router = Router(Catalogue);

        Assert.True(router.TryRoute("gpt-4o", out var route));

        var order = Walk(ref route);
        Assert.Equal(["azure-openai:gpt-4o-prod", "openai:gpt-4o-2024-08-06"], order[..2].Order(StringComparer.Ordinal));
        Assert.Equal(["openai:gpt-4o-mini", "local"], order[2..]);
    }

    [Fact]
    public void TryRoute_ModelWithoutFallbacks_NeverReachesAnotherModelsDeployments()
    {
        var router = Router(Catalogue);

        Assert.True(router.TryRoute("llama3.1", out var route));

        Assert.Equal(["ollama:llama3.1", "local"], Walk(ref route));
    }

    [Fact]
    public void TryRoute_Alias_SameRouteServedUnderTheModelsName()
    {
        var router = Router(Catalogue);

        Assert.True(router.TryRoute("gpt4o", out var route));
        route.Next();

        Assert.Equal(0, route.Tier);
        Assert.Equal("gpt-4o", route.ServedModel("gpt4o"));
    }

    [Fact]
    public void TryRoute_FallbackTier_ReportsTheFallbackModel()
    {
        var router = Router(Catalogue);
        Assert.True(router.TryRoute("gpt-4o", out var route));

        route.Next();
        route.Next();
        var third = route.Next();

        Assert.Equal("openai:gpt-4o-mini", third!.Label);
        Assert.Equal(1, route.Tier);
        Assert.Equal("gpt-4o-mini", route.ServedModel("gpt-4o"));
    }

    [Fact]
    public void TryRoute_UnknownModelInAConfiguredCatalogue_False()
    {
        Assert.False(Router(Catalogue).TryRoute("gpt-5-imaginary", out _));
    }

    [Fact]
    public void TryRoute_Weights_SplitFirstPicksAsConfigured()
    {
        var router = Router(Catalogue, new Random(42));
        var openai = 0;
        const int Requests = 20_000;

        for (var i = 0; i < Requests; i++)
        {
            router.TryRoute("gpt-4o", out var route);
            if (route.Next()!.Label.StartsWith("openai", StringComparison.Ordinal))
            {
                openai++;
            }
        }

        // Weight 3 against 1: three quarters, within one percentage point.
        Assert.InRange(openai / (double)Requests, 0.74, 0.76);
    }

    [Fact]
    public void TryRoute_OpenBreaker_DeploymentSkippedUntilTheOthersOfItsModelWereTried()
    {
        var router = Router(Catalogue, new Random(7));
        var openai = router.Deployments.Single(d => d.Label == "openai:gpt-4o-2024-08-06");
        openai.Health.Opened(Environment.TickCount64, TimeSpan.FromMinutes(5));

        for (var i = 0; i < 100; i++)
        {
            router.TryRoute("gpt-4o", out var route);
            Assert.Equal(["azure-openai:gpt-4o-prod", "openai:gpt-4o-2024-08-06", "openai:gpt-4o-mini", "local"], Walk(ref route));
        }

        openai.Health.Closed();
        var firstPicks = new HashSet<string>();
        for (var i = 0; i < 100; i++)
        {
            router.TryRoute("gpt-4o", out var route);
            firstPicks.Add(route.Next()!.Label);
        }

        Assert.Contains("openai:gpt-4o-2024-08-06", firstPicks);
    }

    [Fact]
    public void TryRoute_OpenBreaker_OtherDeploymentsOfTheSameProviderUnaffected()
    {
        var router = Router(Catalogue);
        router.Deployments.Single(d => d.Label == "openai:gpt-4o-2024-08-06").Health.Opened(Environment.TickCount64, TimeSpan.FromMinutes(5));

        router.TryRoute("gpt-4o-mini", out var route);

        var mini = route.Next()!;
        Assert.Equal("openai:gpt-4o-mini", mini.Label);
        Assert.False(mini.Health.IsOpen(Environment.TickCount64));
    }

    [Fact]
    public void TryRouteEmbeddings_EmbeddingsBreakerOpen_SkippedForEmbeddingsOnlyAndChatBreakerIgnored()
    {
        var router = Router(Catalogue, new Random(7));
        var openai = router.Deployments.Single(d => d.Label == "openai:gpt-4o-2024-08-06");
        var azure = router.Deployments.Single(d => d.Label == "azure-openai:gpt-4o-prod");
        openai.EmbeddingsHealth.Opened(Environment.TickCount64, TimeSpan.FromMinutes(5));
        azure.Health.Opened(Environment.TickCount64, TimeSpan.FromMinutes(5));

        for (var i = 0; i < 50; i++)
        {
            // Embeddings skip openai (its embeddings breaker) and not azure (only its chat breaker is open) ...
            router.TryRouteEmbeddings("gpt-4o", out var embeddings);
            Assert.Equal("azure-openai:gpt-4o-prod", embeddings.Next()!.Label);

            // ... chat the other way round.
            router.TryRoute("gpt-4o", out var chat);
            Assert.Equal("openai:gpt-4o-2024-08-06", chat.Next()!.Label);
        }
    }

    [Fact]
    public void Deployments_SharedByTwoModels_OneDeploymentOneBreaker()
    {
        var settings = new Dictionary<string, string?>(Catalogue)
        {
            ["Models:2:Deployments:1:Provider"] = "openai",
            ["Models:2:Deployments:1:UpstreamModel"] = "gpt-4o-mini",
        };

        var router = Router(settings);

        Assert.Single(router.Deployments, d => d.Label == "openai:gpt-4o-mini");
    }

    [Fact]
    public void Models_ConfiguredCatalogue_NamesAndAliasesByFirstDeploymentsProviderAndLocal()
    {
        var models = Router(Catalogue).Models;

        Assert.Equal(
            [new("gpt-4o", "openai"), new("gpt4o", "openai"), new("gpt-4o-mini", "openai"), new("llama3.1", "ollama"), new CatalogModel("local-echo", "local")],
            models);
    }

    [Fact]
    public void TryRoute_NoCatalogue_ProvidersModelGoesToItThenToTheProvidersAfterIt()
    {
        var router = Router(Without(Catalogue, "Models:"));

        Assert.True(router.TryRoute("llama3.1", out var route));
        Assert.True(router.TryRoute("llama3.1", out var first));
        first.Next();

        Assert.Equal(["ollama", "local"], Walk(ref route));
        Assert.Equal("llama3.1", first.ServedModel("llama3.1"));
    }

    [Fact]
    public void TryRoute_NoCatalogue_AnyOtherModelGoesDownTheWholeChainAsBefore()
    {
        var router = Router(Without(Catalogue, "Models:"));

        Assert.True(router.TryRoute("gpt-4.1", out var route));

        Assert.Equal(["openai", "azure-openai", "ollama", "local"], Walk(ref route));
    }

    [Fact]
    public void TryRoute_NoCatalogue_PrimaryServesTheRequestedModelNotAFallback()
    {
        var router = Router(Without(Catalogue, "Models:"));

        router.TryRoute("gpt-4.1", out var route);
        route.Next();

        Assert.Equal(0, route.Tier);
        Assert.Equal("gpt-4.1", route.ServedModel("gpt-4.1"));
    }

    [Fact]
    public void Models_NoCatalogue_EachProvidersModelThenLocal()
    {
        var models = Router(Without(Catalogue, "Models:")).Models;

        Assert.Equal(["gpt-4o-mini", "gpt-4o-prod", "llama3.1", "local-echo"], models.Select(m => m.Id));
        Assert.Equal(["openai", "azure-openai", "ollama", "local"], models.Select(m => m.OwnedBy));
    }

    [Fact]
    public void TryRoute_LocalFallbackOff_RouteEndsWithTheCataloguesOwnModels()
    {
        var settings = new Dictionary<string, string?>(Catalogue) { ["LOCAL_FALLBACK"] = "false" };

        var router = Router(settings);
        router.TryRoute("llama3.1", out var route);

        Assert.Equal(["ollama:llama3.1"], Walk(ref route));
        Assert.False(router.TryRoute("local-echo", out _));
    }

    [Fact]
    public void Served_DeploymentsWithAndWithoutTheirOwnPrice_NamesTheDeploymentReturnedLastAndItsPrice()
    {
        var settings = new Dictionary<string, string?>(Catalogue)
        {
            ["Models:0:Deployments:1:Price:Input"] = "4",
            ["Models:0:Deployments:1:Price:Output"] = "8",
        };
        var router = Router(settings);
        Assert.True(router.TryRoute("gpt-4o", out var route));

        var served = new Dictionary<string, ServedDeployment>();
        while (route.Next() is { } deployment)
        {
            served[deployment.Label] = route.Served;
            Assert.Equal(deployment.Label, route.Served.Label);
        }

        Assert.Equal(new LlmGateway.Domain.Spend.ModelPrice(4, 8, 4), served["azure-openai:gpt-4o-prod"].Price);
        Assert.Null(served["openai:gpt-4o-2024-08-06"].Price);
        Assert.Null(served["openai:gpt-4o-mini"].Price);
    }

    private static ModelRouter Router(Dictionary<string, string?> settings, Random? random = null)
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Get<ProviderOptions>()!;
        var validation = new ProviderOptionsValidator(DefaultModel).Validate(null, options);
        Assert.True(validation.Succeeded, validation.FailureMessage);
        var plan = ModelCatalogPlan.From(options, DefaultModel);
        var clients = plan.Deployments.Select(d => (IChatProvider)new NamedProvider(d.Remote?.Name ?? "local")).ToArray();
        return new ModelRouter(plan, clients, random ?? new Random(1));
    }

    private static Dictionary<string, string?> Without(Dictionary<string, string?> settings, string prefix) =>
        settings.Where(s => !s.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value);

    private static string[] Walk(ref ModelRoute route)
    {
        var labels = new List<string>();
        while (route.Next() is { } deployment)
        {
            labels.Add(deployment.Label);
        }

        return [.. labels];
    }

    /// <summary>The router never calls its deployments; only their names matter here.</summary>
    private sealed class NamedProvider(string name) : IChatProvider
    {
        public string Name => name;

        public ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
