using System.Runtime.CompilerServices;
using LlmGateway.Api.Http;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Api.Controllers;

/// <summary>
/// A <c>/v1</c> route answered by the chat pipeline (<see cref="ChatCompletionCommand"/>), whole or as a stream of events
/// in the route's wire format: <c>/v1/chat/completions</c> and <c>/v1/responses</c>. A stream holds one of the caller's
/// stream slots until it ends; an answer asked for as a stream that comes back whole (a cached one) is replayed as the
/// events a stream would have brought.
/// </summary>
[Produces("application/json", "text/event-stream")]
public abstract class ChatAnswerController(ISender mediator, ModelRouteServices routes) : ModelController(mediator, routes)
{
    private MappedChatRequest _request;

    private protected sealed override GatewayFailure? Read(ReadOnlyMemory<byte> body, PolicySnapshot policy)
    {
        if (ToChatBody(body, out var chatBody) is { } refused)
        {
            return refused;
        }

        // A monitoring policy refuses nothing.
        _request = OpenAiRequestMapper.ToChatRequest(chatBody, Routes.DefaultModel, policy.Enforces ? policy.RefusedInputs : InputParts.None);
        return _request.Failure is { } invalid ? InClientTerms(invalid) : null;
    }

    /// <summary>The body as a chat completions body; the failure to answer with when the route refuses it.</summary>
    private protected abstract GatewayFailure? ToChatBody(ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> chatBody);

    /// <summary>A failure about the chat body or from the pipeline, in the words of the route's own request.</summary>
    private protected virtual GatewayFailure InClientTerms(GatewayFailure failure) => failure;

    /// <summary>The whole answer, written straight (<see cref="GatewayResults.Json{T}"/>).</summary>
    private protected abstract IActionResult Whole(Completion completion, AnswerFacts facts);

    private protected abstract AnswerEvents Events(string model, AnswerFacts facts, bool includeUsage);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private protected sealed override async ValueTask<IActionResult> AnswerAsync(Caller caller, PolicySnapshot policy, CancellationToken cancellationToken)
    {
        var chat = _request.Chat!;
        var stream = _request.Stream;
        var streamSlot = default(UserConcurrencyLimiter.Lease);
        if (stream && Routes.Concurrency.TryAcquireStream(caller.UserId, out streamSlot) is { } streamsFull)
        {
            return streamsFull.ToActionResult();
        }

        using var heldUntilTheStreamEnds = streamSlot;
        var context = RequestRecord.Start(HttpContext, policy, chat.LastUserMessage() ?? string.Empty);
        var command = new ChatCompletionCommand(caller, context, policy, chat, GatewayHttp.CacheDirectivesFrom(Request), stream);
        var result = await Mediator.Send(command, cancellationToken);

        var record = GatewayHttp.RecordDecisions(HttpContext, result.Decisions, Routes.Time);
        if (result.Failure is { } failure)
        {
            return InClientTerms(failure).ToActionResult();
        }

        var facts = new AnswerFacts(HttpContext.TraceIdentifier, Routes.Time.GetUtcNow().ToUnixTimeSeconds(), result.Decisions.Cache == CacheStatus.Hit, policy.Version);
        if (!stream)
        {
            var completion = result.Completion!;
            record.Usage = completion.Usage;
            return Whole(completion, facts);
        }

        await using (result.Stream)
        {
            using var events = Events(result.Stream?.Model ?? result.Completion!.Model, facts, _request.IncludeUsage);
            await WriteEventsAsync(events, result, record, cancellationToken);
        }

        if (result.Stream is { } live)
        {
            record.Decisions = live.WithStreamDecisions(record.Decisions);
        }

        return new EmptyResult();
    }

    /// <summary>A live stream's pieces as they come, or a whole answer replayed in one write.</summary>
    private async Task WriteEventsAsync(AnswerEvents events, CompletionResult result, RequestRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await events.StartAsync(cancellationToken);
            if (result.Stream is not { } stream)
            {
                var whole = result.Completion!;
                events.WriteWhole(whole);
                events.WriteEnd(whole);
                record.Usage = whole.Usage;
                await events.FlushAsync(cancellationToken);
                return;
            }

            await foreach (var update in stream.ReadAsync().WithCancellation(cancellationToken))
            {
                if (update.Text is { } text)
                {
                    events.WriteText(text);
                }
                else if (update.Part is { } part)
                {
                    events.WritePart(part);
                }
                else if (update.Completion is { } completion)
                {
                    record.Usage = completion.Usage;
                    events.WriteEnd(completion);
                }
                else
                {
                    events.WriteError(update.Failure!);
                }

                // Each event leaves as it comes: the next one may be seconds away.
                await events.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: leaving here disposes the stream, which closes the upstream call.
            HttpContext.Features.Set(GatewayOutcomeFeature.ClientClosed);
        }
    }
}
