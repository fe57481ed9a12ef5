using System.Diagnostics;
using LlmGateway.Application.Chat;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Redacts policy keywords, secrets and personal data from the provider's answer before it leaves (or is cached): from
/// every field that carries the model's words (<see cref="CompletionFilter"/>), inside JSON strings when the client asked
/// for JSON.
/// With <c>redaction.action = "block"</c> in an enforcing policy, an answer with anything to redact is refused
/// instead (403 <c>policy_denied</c>); the detail names the types found, never the text. A streamed answer gets
/// the incremental filter attached, which gives the same output for any chunking as on the whole text.
/// </summary>
public sealed class OutputFilteringBehavior<TMessage, TResponse>(GatewayMetrics metrics) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IOutputFilteredRequest, IMessage
    where TResponse : ICompletionResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var pending = next(message, cancellationToken);
        return pending.IsCompletedSuccessfully ? ValueTask.FromResult(Filter(message, pending.Result)) : AwaitAndFilter(message, pending);

        async ValueTask<TResponse> AwaitAndFilter(TMessage message, ValueTask<TResponse> pending) => Filter(message, await pending);
    }

    private TResponse Filter(TMessage message, TResponse response)
    {
        var policy = message.Policy;
        var blocksOnRedaction = policy.Document.Redaction.Action == RedactionAction.Block;
        var block = policy.Enforces && blocksOnRedaction;
        if (response.Failure is { Upstream: { } upstream } rejected)
        {
            // The provider's error message goes to the client, and it may quote what the model would have answered.
            var words = policy.OutputFilter.Filter(upstream.Message);
            return words.Redactions.Count == 0
                ? response
                : TResponse.FromFailure(rejected with { Upstream = upstream with { Message = words.Text } }).WithDecisions(response.Decisions);
        }

        if (response.Stream is { } stream)
        {
            // The filter runs as the edge reads the stream: its span and time end with the stream.
            var streamSpan = GatewayTelemetry.StartDetached(GatewayTelemetry.OutputFilterSpan);
            streamSpan?.SetTag("gateway.output_filter.streamed", true);
            stream.FilterWith(policy.OutputFilter, block, streamSpan, wouldBlockOnRedaction: blocksOnRedaction && !policy.Enforces, metrics);
            return response;
        }

        if (response.Completion is not { } completion)
        {
            return response;
        }

        var started = Stopwatch.GetTimestamp();
        var span = GatewayTelemetry.StartStage(GatewayTelemetry.OutputFilterSpan);
        var (filteredCompletion, redactions) = CompletionFilter.Filter(policy.OutputFilter, completion, message.Chat.JsonOutput);
        var filtered = new FilterResult(filteredCompletion.Text, redactions);
        metrics.RecordStage(GuardrailStage.OutputFilter, Stopwatch.GetElapsedTime(started));
        var withheld = block && filtered.Redactions.Count > 0;
        if (span is not null)
        {
            GatewayTelemetry.SetRedactions(span, filtered.Redactions);
            span.SetTag("gateway.output_filter.action", withheld ? "block" : filtered.Redactions.Count > 0 ? "redact" : "none");
            span.Dispose();
        }

        if (filtered.Redactions.Count == 0)
        {
            return response;
        }

        var decisions = response.Decisions;
        if (withheld)
        {
            return TResponse.FromFailure(GatewayFailure.AnswerWithheld(filtered.Redactions)).WithDecisions(decisions with { Block = BlockReason.OutputRedaction, WithheldUsage = completion.Usage });
        }

        if (blocksOnRedaction)
        {
            decisions = decisions with { WouldBlock = BlockReason.OutputRedaction };
        }

        return TResponse.FromCompletion(filteredCompletion with { Redactions = [.. completion.Redactions, .. filtered.Redactions] }).WithDecisions(decisions);
    }
}
