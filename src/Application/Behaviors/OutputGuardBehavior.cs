using System.Diagnostics;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Guardrails;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Runs the output-guard plugins on the answer the built-in filter has already filtered. It sits inside caching,
/// so only guarded answers are stored. Without plugins it costs one field read. A streamed answer is buffered
/// whole before the guards see it. Guards judge every text of the answer: each choice's content and refusal, each tool call's arguments.
/// </summary>
public sealed class OutputGuardBehavior<TMessage, TResponse>(GuardrailRunner guards, GatewayMetrics metrics) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IOutputFilteredRequest, IMessage
    where TResponse : ICompletionResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        return guards.HasOutputGuardsFor(message.Policy) ? GuardAsync(message, next, cancellationToken) : next(message, cancellationToken);

        async ValueTask<TResponse> GuardAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
        {
            var response = await next(message, cancellationToken);
            if (response.Stream is { } stream)
            {
                // Guards judge whole answers, so a streamed answer is read to its end first and then sent on
                // (replayed as a stream by the edge): with output guards configured, streams are buffered.
                var (streamed, streamFailure) = await stream.ReadToEndAsync(cancellationToken);
                var decisions = stream.WithStreamDecisions(response.Decisions);
                response = streamFailure is null ? TResponse.FromCompletion(streamed!) : TResponse.FromFailure(streamFailure);
                response = response.WithDecisions(decisions);
            }

            if (response.Completion is not { } completion)
            {
                return response;
            }

            var started = Stopwatch.GetTimestamp();
            var check = await guards.CheckOutputAsync(completion, message.Caller, message.Context, message.Policy, cancellationToken);
            metrics.RecordStage(GuardrailStage.OutputGuard, Stopwatch.GetElapsedTime(started));
            if (check.Failure is { } failure)
            {
                return TResponse.FromFailure(failure).WithDecisions(response.Decisions with { Block = BlockReason.OutputPlugin, WithheldUsage = completion.Usage });
            }

            if (!ReferenceEquals(check.Completion, completion))
            {
                response = TResponse.FromCompletion(check.Completion!).WithDecisions(response.Decisions);
            }

            return check.WouldBlock ? response.WithDecisions(response.Decisions with { WouldBlock = BlockReason.OutputPlugin }) : response;
        }
    }
}
