using LlmGateway.Application;
using LlmGateway.Application.Guardrails;
using LlmGateway.Infrastructure;
using LlmGateway.Infrastructure.Auth;
using LlmGateway.Infrastructure.Health;
using LlmGateway.Infrastructure.InMemory;
using LlmGateway.Infrastructure.Inspection;
using LlmGateway.Infrastructure.Plugins;
using LlmGateway.Infrastructure.Providers;
using LlmGateway.Infrastructure.Redis;
using LlmGateway.Infrastructure.Spend;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

public static class InfrastructureDependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        // Options use flat names (JWT_SECRET, RATE_LIMIT, ...) at the configuration root: see docs/configuration.md.
        services.AddOptions<GatewayOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JwtOptions>().Bind(configuration).ValidateOnStart();
        services.AddOptions<LlmGateway.Application.ApiKeys.ApiKeyOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BootstrapAdminOptions>().Bind(configuration).ValidateOnStart();
        services.AddOptions<RedisOptions>().Bind(configuration).ValidateOnStart();
        services.AddOptions<SsoOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<SecurityOptionsValidator>();
        services.AddSingleton<IValidateOptions<JwtOptions>>(sp => sp.GetRequiredService<SecurityOptionsValidator>());
        services.AddSingleton<IValidateOptions<BootstrapAdminOptions>>(sp => sp.GetRequiredService<SecurityOptionsValidator>());
        services.AddSingleton<IValidateOptions<GatewayOptions>>(sp => sp.GetRequiredService<SecurityOptionsValidator>());
        services.AddSingleton<IValidateOptions<RedisOptions>>(sp => sp.GetRequiredService<SecurityOptionsValidator>());
        services.AddSingleton<IValidateOptions<SsoOptions>>(sp => sp.GetRequiredService<SecurityOptionsValidator>());

        services.AddSingleton<JwtTokenService>();
        services.AddSingleton<ITokenService>(sp => sp.GetRequiredService<JwtTokenService>());
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        services.AddSingleton<BearerSchemes>();
        services.AddSingleton<SsoIssuerEndpoints>();
        if (configuration.Get<SsoOptions>() is { IsEnabled: true })
        {
            services.AddSingleton<SsoClaimMapper>();
            services.AddSingleton<IConfigureOptions<JwtBearerOptions>, SsoBearerSetup>();
            services.AddAuthentication().AddJwtBearer(BearerSchemes.Sso);
            services.PostConfigure<JwtBearerOptions>(BearerSchemes.Sso, SsoBearerSetup.ForgetWithdrawnKeys);
        }

        services.AddSingleton<IPasswordHasher, Pbkdf2PasswordHasher>();

        var redis = configuration.Get<RedisOptions>() ?? new RedisOptions();
        if (redis.IsEnabled)
        {
            AddRedisState(services);
        }
        else
        {
            AddInMemoryState(services);
        }

        AddProviders(services, configuration);
        AddSpend(services, configuration);
        AddGuardrailPlugins(services, configuration);

        // The semantic prompt-inspection tier: one model per process, loaded while the host starts.
        services.AddSingleton<ISemanticInjectionScorer>(_ => OnnxInjectionScorer.Shipped);
        services.AddHostedService<SemanticScorerStartup>();

        services.AddHostedService<StartupReport>();
        services.AddHostedService<AdminBootstrapper>();
        return services;
    }

    // The model catalogue (Models:N, or derived from the providers: docs/providers.md) and the deployments it routes to,
    // each remote one with its own HTTP client, resilience pipeline and circuit breaker.
    private static void AddProviders(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProviderOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        var defaultModel = configuration.Get<GatewayOptions>()?.DefaultModel ?? new GatewayOptions().DefaultModel;
        var validator = new ProviderOptionsValidator(defaultModel);
        services.AddSingleton<IValidateOptions<ProviderOptions>>(validator);

        var options = configuration.Get<ProviderOptions>() ?? new ProviderOptions();
        if (validator.Validate(null, options).Failed)
        {
            // Start-up validation reports it and stops the process; until then the services that need a provider (the
            // start-up report) get the local one, so the operator sees the validation messages, not a missing service.
            var placeholder = ModelRouter.Chain([new LocalChatProvider()]);
            services.AddSingleton<IModelCatalog>(placeholder);
            services.AddSingleton<IChatProvider>(sp => new ProviderChain(placeholder, sp.GetRequiredService<GatewayMetrics>(), sp.GetRequiredService<ILogger<ProviderChain>>()));
            services.AddSingleton<IEmbeddingProvider>(sp => new EmbeddingProviders(placeholder, sp.GetRequiredService<GatewayMetrics>()));
            return;
        }

        var plan = ModelCatalogPlan.From(options, defaultModel);
        services.AddSingleton(plan); // the price table reads the deployments' own prices from it
        services.AddSingleton<ProviderConnections>();
        foreach (var deployment in plan.Deployments)
        {
            if (deployment.Remote is not null)
            {
                ProviderHttpClients.Add(services, deployment, options);
            }
        }

        services.AddSingleton(sp =>
        {
            var clients = new IChatProvider[plan.Deployments.Count];
            var local = new LocalChatProvider();
            for (var i = 0; i < clients.Length; i++)
            {
                var deployment = plan.Deployments[i];
                clients[i] = deployment.Remote is not null
                    ? ProviderClients.Create(deployment, sp.GetRequiredService<IHttpClientFactory>(), options)
                    : local;
            }

            return new ModelRouter(plan, clients, Random.Shared);
        });
        services.AddSingleton<IModelRouter>(sp => sp.GetRequiredService<ModelRouter>());
        services.AddSingleton<IModelCatalog>(sp => sp.GetRequiredService<ModelRouter>());
        services.AddSingleton<IChatProvider>(sp =>
            new ProviderChain(sp.GetRequiredService<IModelRouter>(), sp.GetRequiredService<GatewayMetrics>(), sp.GetRequiredService<ILogger<ProviderChain>>()));
        services.AddSingleton<IEmbeddingProvider>(sp => new EmbeddingProviders(sp.GetRequiredService<IModelRouter>(), sp.GetRequiredService<GatewayMetrics>()));
    }

    // The token counter and the price table behind the token limits, budgets and usage report.
    private static void AddSpend(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PricingOptions>().Bind(configuration.GetSection(PricingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PricingOptions>, PricingOptionsValidator>();
        services.AddSingleton<ITokenCounter, TiktokenCounter>();
        services.AddSingleton<IPriceTable, ConfiguredPriceTable>();
        services.AddHostedService<TokenizerStartup>();
    }

    // Guardrails:Plugins: loaded while the host starts; a listed plugin that cannot be used stops start-up.
    private static void AddGuardrailPlugins(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GuardrailOptions>().Bind(configuration.GetSection(GuardrailOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GuardrailPluginLoader>();
        services.AddSingleton(sp => sp.GetRequiredService<GuardrailPluginLoader>().Load());
        services.AddHostedService<GuardrailPluginStartup>();
    }

    // REDIS_HOST (or REDIS_CONFIGURATION) set: every piece of state is shared, any number of instances act as one.
    private static void AddRedisState(IServiceCollection services)
    {
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(sp => sp.GetRequiredService<RedisConnection>().Multiplexer);
        AddStatePorts<RedisRateLimiter, RedisSpendLedger, RedisLoginThrottle, RedisResponseCache, RedisCredentialStore, RedisApiKeyStore, RedisTeamStore>(services);
        services.AddSingleton<RedisCredentialCache>();
        services.AddSingleton<ICredentialCache>(sp => sp.GetRequiredService<RedisCredentialCache>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisCredentialCache>());
        services.AddHostedService<RedisUserIndexBackfill>();
        services.AddHostedService<RedisTeamBackfill>();
        AddPolicyStore<RedisPolicyStore>(services);
        services.AddHostedService(sp => sp.GetRequiredService<RedisPolicyStore>());
        services.AddSingleton<RedisTeamPolicyStore>();
        services.AddSingleton<ITeamPolicyAdministration>(sp => sp.GetRequiredService<RedisTeamPolicyStore>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisTeamPolicyStore>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
    }

    // The ports every state backend serves, named once: a backend that leaves one out does not compile.
    private static void AddStatePorts<TRateLimiter, TSpendLedger, TLoginThrottle, TResponseCache, TCredentialStore, TApiKeyStore, TTeamStore>(IServiceCollection services)
        where TRateLimiter : class, IRateLimiter
        where TSpendLedger : class, ISpendLedger
        where TLoginThrottle : class, ILoginThrottle
        where TResponseCache : class, IResponseCache
        where TCredentialStore : class, ICredentialStore
        where TApiKeyStore : class, IApiKeyStore
        where TTeamStore : class, ITeamStore
    {
        services.AddSingleton<IRateLimiter, TRateLimiter>();
        services.AddSingleton<ISpendLedger, TSpendLedger>();
        services.AddSingleton<ILoginThrottle, TLoginThrottle>();
        services.AddSingleton<IResponseCache, TResponseCache>();
        services.AddSingleton<ICredentialStore, TCredentialStore>();
        services.AddSingleton<IApiKeyStore, TApiKeyStore>();
        services.AddSingleton<ITeamStore, TTeamStore>();
    }

    // One instance answers both the request path (the live snapshot) and the admin API (versions, publish).
    private static void AddPolicyStore<TStore>(IServiceCollection services)
        where TStore : class, IPolicyStore, IPolicyAdministration
    {
        services.AddSingleton<TeamPolicies>();
        services.AddSingleton<TStore>();
        services.AddSingleton<IPolicyStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IPolicyAdministration>(sp => sp.GetRequiredService<TStore>());
    }

    // REDIS_HOST unset: one process, state in this process. (Also the benchmarks' state, bench/Benchmarks/Gateway.cs.)
    internal static void AddInMemoryState(IServiceCollection services)
    {
        AddStatePorts<InMemoryRateLimiter, InMemorySpendLedger, InMemoryLoginThrottle, InMemoryResponseCache, InMemoryCredentialStore, InMemoryApiKeyStore, InMemoryTeamStore>(services);
        services.AddSingleton<ICredentialCache, InMemoryCredentialCache>();
        AddPolicyStore<InMemoryPolicyStore>(services);
        services.AddSingleton<ITeamPolicyAdministration, InMemoryTeamPolicyStore>();
        services.AddHealthChecks().AddCheck<InMemoryStateHealthCheck>("state");
    }
}
