using System.IO.Pipelines;
using LlmGateway.Api.Contracts;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;

namespace LlmGateway.Api.Http;

/// <summary>
/// A chat answer written as a stream of events, in the wire format of its route (<see cref="ChatCompletionEventWriter"/>,
/// <see cref="ResponsesEventWriter"/>). The Write methods only write; <see cref="FlushAsync"/> sends, so the caller
/// decides which events leave together (each piece of a live stream, the whole of a replayed answer).
/// </summary>
internal interface IAnswerEvents : IDisposable
{
    /// <summary>The event-stream headers and whatever opens the stream; sends the status line.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Released text of choice 0's content.</summary>
    void WriteText(string text);

    /// <summary>A piece of another channel: another choice, a refusal, a tool call's arguments.</summary>
    void WritePart(ChoiceDelta part);

    /// <summary>A whole answer (one that was not streamed: a cached one) as the pieces a stream would have brought.</summary>
    void WriteWhole(Completion completion);

    /// <summary>What closes the stream once the answer is complete: finish reasons, usage, the gateway's decisions.</summary>
    void WriteEnd(Completion completion);

    /// <summary>The error event that ends a broken stream.</summary>
    void WriteError(GatewayFailure failure);

    ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken);
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
