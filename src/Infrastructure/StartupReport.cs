using LlmGateway.Application.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Infrastructure;

/// <summary>
/// Says at start-up which mode and which provider this process runs with. Taking the token service builds
/// it now, so a missing JWT_SECRET is reported at start-up rather than on the first request.
/// </summary>
internal sealed partial class StartupReport(IConfiguration configuration, ITokenService tokens, ILogger<StartupReport> logger) : IHostedService
{
    private readonly ITokenService _tokens = tokens;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogInMemoryMode(logger);
        if (string.IsNullOrEmpty(configuration["OPENAI_API_KEY"]))
        {
            LogLocalProvider(logger);
        }
        else
        {
            LogOpenAiPending(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "In-memory mode: REDIS_HOST is not set, so rate limits, cache, policy and users live in this process only; run one instance")]
    private static partial void LogInMemoryMode(ILogger logger);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Provider: the built-in local provider answers (OPENAI_API_KEY is not set); answers are marked \"provider\": \"local\"")]
    private static partial void LogLocalProvider(ILogger logger);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning,
        Message = "OPENAI_API_KEY is set, but this build has no OpenAI adapter yet: the built-in local provider answers, marked \"provider\": \"local\"")]
    private static partial void LogOpenAiPending(ILogger logger);
}
