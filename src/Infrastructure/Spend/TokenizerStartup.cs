using Microsoft.Extensions.Hosting;

namespace LlmGateway.Infrastructure.Spend;

/// <summary>
/// Loads the tiktoken encodings while the host starts. Built on first use they cost the first request (or the first
/// chunk of the first stream) a second or more — long enough for a provider stream's idle timer to give up on it.
/// </summary>
internal sealed partial class TokenizerStartup(ITokenCounter tokens, TimeProvider time, ILogger<TokenizerStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        foreach (var model in TiktokenCounter.WarmModels)
        {
            tokens.CountText(model, "warm up");
        }

        var elapsedMs = (long)time.GetElapsedTime(started).TotalMilliseconds;
        LogLoaded(logger, elapsedMs);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "Token counting: the o200k_base and cl100k_base encodings ready in {ElapsedMs} ms")]
    private static partial void LogLoaded(ILogger logger, long elapsedMs);
}
