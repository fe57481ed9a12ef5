using System.Diagnostics;
using LlmGateway.Application.Common;
using LlmGateway.Application.Guardrails;
using LlmGateway.Application.Ports;
using Mediator;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Runs the prompt-guard plugins after the built-in inspection (400 <c>prompt_blocked</c>). Without plugins it
/// costs one field read.
/// </summary>
public sealed class PromptGuardBehavior<TMessage, TResponse>(GuardrailRunner guards, IPolicyStore policies) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IInspectedRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        return guards.HasPromptGuards ? GuardAsync(message, next, cancellationToken) : next(message, cancellationToken);

        async ValueTask<TResponse> GuardAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var failure = await guards.CheckPromptAsync(message.Chat, message.Caller, message.Context, message.Context.PolicyFrom(policies), cancellationToken);
            message.Context.AddStageTime(GuardrailStage.PromptGuard, Stopwatch.GetElapsedTime(started));
            return failure is null ? await next(message, cancellationToken) : TResponse.FromFailure(failure);
        }
    }
}
