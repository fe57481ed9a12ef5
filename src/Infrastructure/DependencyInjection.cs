using LlmGateway.Application;
using LlmGateway.Application.Ports;
using LlmGateway.Infrastructure;
using LlmGateway.Infrastructure.Auth;
using LlmGateway.Infrastructure.Health;
using LlmGateway.Infrastructure.InMemory;
using LlmGateway.Infrastructure.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class InfrastructureDependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        // Options use the flat DESIGN §4 names (JWT_SECRET, RATE_LIMIT, ...) at the configuration root.
        services.AddOptions<GatewayOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JwtOptions>().Bind(configuration).ValidateOnStart();
        services.AddOptions<BootstrapAdminOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<SecurityOptionsValidator>();
        services.AddSingleton<IValidateOptions<JwtOptions>>(sp => sp.GetRequiredService<SecurityOptionsValidator>());
        services.AddSingleton<IValidateOptions<BootstrapAdminOptions>>(sp => sp.GetRequiredService<SecurityOptionsValidator>());
        services.AddSingleton<IValidateOptions<GatewayOptions>>(sp => sp.GetRequiredService<SecurityOptionsValidator>());

        services.AddSingleton<JwtTokenService>();
        services.AddSingleton<ITokenService>(sp => sp.GetRequiredService<JwtTokenService>());
        services.AddSingleton<IPasswordHasher, Pbkdf2PasswordHasher>();

        // In-memory mode (REDIS_HOST unset): one process, state in this process.
        services.AddSingleton<IRateLimiter, InMemoryRateLimiter>();
        services.AddSingleton<IResponseCache, InMemoryResponseCache>();
        services.AddSingleton<IPolicyStore, InMemoryPolicyStore>();
        services.AddSingleton<ICredentialStore, InMemoryCredentialStore>();
        services.AddHealthChecks().AddCheck<InMemoryStateHealthCheck>("state");

        services.AddSingleton<IChatProvider, LocalChatProvider>();

        services.AddHostedService<StartupReport>();
        services.AddHostedService<AdminBootstrapper>();
        return services;
    }
}
