using LlmGateway.Infrastructure.Providers;
using LlmGateway.Infrastructure.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace LlmGateway.Infrastructure;

/// <summary>Says at start-up which mode, which signing key and which provider this process runs with.</summary>
internal sealed partial class StartupReport(IConfiguration configuration, IOptions<RedisOptions> redis, IChatProvider provider, IOptions<ProviderOptions> providers, ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis.Value.IsEnabled)
        {
            LogRedisMode(logger, redis.Value.KeyPrefix);
        }
        else
        {
            LogInMemoryMode(logger);
        }

        if (string.IsNullOrEmpty(configuration["JWT_SECRET"]))
        {
            // Start-up validation has already refused this outside Development.
            LogRandomKey(logger);
        }

        var deployments = provider is ProviderChain { Router.Deployments: var routed } ? routed : [new Deployment(provider.Name, provider, new(), new())];
        if (deployments is [{ Label: LocalChatProvider.ProviderName }])
        {
            LogLocalProvider(logger);
        }
        else if (providers.Value.Models.Count == 0)
        {
            var order = string.Join(" -> ", deployments.Select(d => d.Label));
            LogProviderChain(logger, order);
        }
        else
        {
            var labels = string.Join(", ", deployments.Select(d => d.Label));
            LogCatalogue(logger, providers.Value.Models.Count, labels);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "In-memory mode: REDIS_HOST is not set, so rate limits, cache, policy and users live in this process only; run one instance")]
    private static partial void LogInMemoryMode(ILogger logger);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning,
        Message = "JWT_SECRET is not set: tokens are signed with a random per-process key (Development only); they die with this process and no other instance accepts them")]
    private static partial void LogRandomKey(ILogger logger);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information,
        Message = "Redis mode: rate limits, cache, policy and users are shared through Redis (key prefix {KeyPrefix:l}); any number of instances act as one")]
    private static partial void LogRedisMode(ILogger logger, string keyPrefix);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Provider: the built-in local provider answers (no OPENAI_API_KEY, AZURE_OPENAI_*, ANTHROPIC_API_KEY or Providers:N configured); answers are marked \"provider\": \"local\"")]
    private static partial void LogLocalProvider(ILogger logger);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Providers, in fallback order: {Chain:l}")]
    private static partial void LogProviderChain(ILogger logger, string chain);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "Model catalogue: {ModelCount} models, routed to the deployments {Deployments:l}")]
    private static partial void LogCatalogue(ILogger logger, int modelCount, string deployments);
}
