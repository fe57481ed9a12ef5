using System.IO.Pipelines;
using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;

namespace LlmGateway.Api.Http;

/// <summary>
/// A chat answer written as Server-Sent Events, in the wire format of its route (<see cref="ChatCompletionEventWriter"/>,
/// <see cref="ResponsesEventWriter"/>), straight into the response's pipe. The Write methods only write;
/// <see cref="FlushAsync"/> sends, so the caller decides which events leave together (each piece of a live stream, the
/// whole of a replayed answer).
/// </summary>
internal abstract class AnswerEvents(HttpResponse response) : IDisposable
{
    protected HttpResponse Response { get; } = response;

    /// <summary>Writes into the response's pipe; the text it writes is escaped as the serializer escapes it.</summary>
    protected Utf8JsonWriter Json { get; } = new(response.BodyWriter, new JsonWriterOptions { SkipValidation = true });

    /// <summary>The event-stream headers and what opens the stream (<see cref="WriteOpening"/>); sends the status line.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Response.ContentType = "text/event-stream; charset=utf-8";
        // Proxies such as nginx must pass each event on at once.
        Response.Headers["X-Accel-Buffering"] = "no";
        WriteOpening();
        return Response.StartAsync(cancellationToken);
    }

    /// <summary>Sends everything written so far.</summary>
    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken) => Response.BodyWriter.FlushAsync(cancellationToken);

    /// <summary>Released text of choice 0's content; not sent yet.</summary>
    public abstract void WriteText(string text);

    /// <summary>A piece of another channel: another choice, a refusal, a tool call's arguments; not sent yet.</summary>
    public abstract void WritePart(ChoiceDelta part);

    /// <summary>A whole answer (one that was not streamed: a cached one) as the pieces a stream would have brought; not sent yet.</summary>
    public abstract void WriteWhole(Completion completion);

    /// <summary>What closes the stream once the answer is complete: finish reasons, usage, the gateway's decisions; not sent yet.</summary>
    public abstract void WriteEnd(Completion completion);

    /// <summary>The error event that ends a broken stream; not sent yet.</summary>
    public abstract void WriteError(GatewayFailure failure);

    public void Dispose() => Json.Dispose();

    /// <summary>Events that open every stream of the format, before any piece of the answer.</summary>
    protected virtual void WriteOpening()
    {
    }
}

/// <summary>What a chat route's answer says besides the model's words: the request it answers, when, and what the gateway decided.</summary>
/// <param name="RequestId">The request id, from which the answer's ids derive.</param>
/// <param name="Created">Unix seconds.</param>
internal readonly record struct AnswerFacts(string RequestId, long Created, bool Cached, long PolicyVersion)
{
    public GatewayDecisions DecisionsOf(Completion completion) => new(
        completion.Provider,
        Cached,
        completion.IsFallback,
        PolicyVersion,
        completion.Usage.Estimated,
        RedactionResponse.From(completion.Redactions));
}
