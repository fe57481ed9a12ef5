using System.Diagnostics;
using LlmGateway.Application.Guardrails;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Runs the prompt-guard plugins after the built-in inspection (400 <c>prompt_blocked</c>). Without plugins it
/// costs one field read.
/// </summary>
public sealed class PromptGuardBehavior<TMessage, TResponse>(GuardrailRunner guards, GatewayMetrics metrics) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IInspectedRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        return guards.HasPromptGuardsFor(message.Policy) ? GuardAsync(message, next, cancellationToken) : next(message, cancellationToken);

        async ValueTask<TResponse> GuardAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var check = await guards.CheckPromptAsync(message.Chat, message.Caller, message.Context, message.Policy, cancellationToken);
            metrics.RecordStage(GuardrailStage.PromptGuard, Stopwatch.GetElapsedTime(started));
            if (check.Failure is { } failure)
            {
                return await Decided.Refused<TResponse>(failure, BlockReason.PromptPlugin);
            }

            var pending = next(message, cancellationToken);
            return await (check.WouldBlock ? Decided.WithWouldBlock(pending, BlockReason.PromptPlugin) : pending);
        }
    }
}
