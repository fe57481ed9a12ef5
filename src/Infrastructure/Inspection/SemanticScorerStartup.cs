using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmGateway.Infrastructure.Inspection;

/// <summary>
/// Loads the semantic tier's model while the host starts (resolving the scorer forces it), so a missing or corrupt
/// model stops start-up with its message instead of failing the first request that a policy sends to it.
/// </summary>
internal sealed partial class SemanticScorerStartup(IServiceProvider services, TimeProvider time, ILogger<SemanticScorerStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var scorer = services.GetRequiredService<ISemanticInjectionScorer>();
        var elapsedMs = (long)time.GetElapsedTime(started).TotalMilliseconds;
        LogLoaded(logger, elapsedMs, scorer.Threshold);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 23, Level = LogLevel.Information,
        Message = "Semantic prompt inspection: all-MiniLM-L6-v2 and its classifier head ready in {ElapsedMs} ms (threshold {Threshold}); the policy's prompt_inspection.semantic says when it runs")]
    private static partial void LogLoaded(ILogger logger, long elapsedMs, double threshold);
}
