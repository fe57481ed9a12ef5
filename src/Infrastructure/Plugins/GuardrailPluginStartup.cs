using LlmGateway.Application.Guardrails;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmGateway.Infrastructure.Plugins;

/// <summary>
/// Loads the guardrail plugins while the host starts (resolving the <see cref="GuardrailSet"/> forces it), so a broken
/// plugin stops start-up instead of the first request, and says which guards run in which order. The set is resolved
/// here rather than injected so a failure surfaces from <see cref="StartAsync"/>, where the host reports it and
/// still shuts down cleanly.
/// </summary>
internal sealed partial class GuardrailPluginStartup(IServiceProvider services, IOptions<GuardrailOptions> options, ILogger<GuardrailPluginStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var guards = services.GetRequiredService<GuardrailSet>();
        if (guards.PromptGuards.Count > 0 || guards.OutputGuards.Count > 0)
        {
            var prompt = new string[guards.PromptGuards.Count];
            for (var i = 0; i < prompt.Length; i++)
            {
                prompt[i] = guards.PromptGuards[i].Name;
            }

            var output = new string[guards.OutputGuards.Count];
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = guards.OutputGuards[i].Name;
            }

            var promptList = string.Join(", ", prompt);
            var outputList = string.Join(", ", output);
            LogGuards(logger, promptList, outputList, options.Value.PluginTimeoutMs);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 22, Level = LogLevel.Information,
        Message = "Guardrail plugins: prompt guards [{PromptGuards:l}], output guards [{OutputGuards:l}], in this order, {BudgetMs} ms each; a failure or overrun blocks the request")]
    private static partial void LogGuards(ILogger logger, string promptGuards, string outputGuards, int budgetMs);
}
