using System.Buffers;
using System.Text.Json;
using LlmGateway.Api.Contracts;
using LlmGateway.Application.Common;

namespace LlmGateway.Api.Http;

/// <summary>
/// Writes one streamed chat completion as OpenAI's Server-Sent Events: <c>data: {chunk}</c> per piece of text,
/// a last chunk with the finish reason, a usage chunk when asked for, then <c>data: [DONE]</c>. An error ends the
/// stream with <c>data: {"error": ...}</c> and no <c>[DONE]</c>, which the SDKs raise as an exception. Every
/// event is flushed at once: nothing is buffered on the way to the client.
/// </summary>
internal sealed class ChatCompletionEventWriter : IDisposable
{
    private readonly HttpResponse _response;
    private readonly string _id;
    private readonly long _created;
    private readonly string _model;
    private readonly Utf8JsonWriter _json;
    private bool _roleSent;

    public ChatCompletionEventWriter(HttpResponse response, string id, long created, string model)
    {
        _response = response;
        _id = id;
        _created = created;
        _model = model;
        _json = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { SkipValidation = true });
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _response.ContentType = "text/event-stream; charset=utf-8";
        // Proxies such as nginx must pass each event on at once.
        _response.Headers["X-Accel-Buffering"] = "no";
        return _response.StartAsync(cancellationToken);
    }

    public ValueTask WriteTextAsync(string text, CancellationToken cancellationToken)
    {
        var delta = new AssistantMessageResponse(_roleSent ? null : "assistant", text);
        _roleSent = true;
        return WriteChunkAsync([new ChatChoiceResponse(0, null, delta, null)], usage: null, gateway: null, cancellationToken);
    }

    public async ValueTask WriteEndAsync(string finishReason, OpenAiUsage? usage, GatewayDecisions gateway, CancellationToken cancellationToken)
    {
        var delta = new AssistantMessageResponse(_roleSent ? null : "assistant", _roleSent ? null : string.Empty);
        await WriteChunkAsync([new ChatChoiceResponse(0, null, delta, finishReason)], usage: null, gateway, cancellationToken);
        if (usage is not null)
        {
            await WriteChunkAsync([], usage, gateway: null, cancellationToken);
        }

        _response.BodyWriter.Write("data: [DONE]\n\n"u8);
        await _response.BodyWriter.FlushAsync(cancellationToken);
    }

    public async ValueTask WriteErrorAsync(GatewayFailure failure, CancellationToken cancellationToken)
    {
        WriteEvent(OpenAiErrors.ToBody(failure), ApiJsonContext.Default.OpenAiErrorResponse);
        await _response.BodyWriter.FlushAsync(cancellationToken);
    }

    public void Dispose() => _json.Dispose();

    private async ValueTask WriteChunkAsync(IReadOnlyList<ChatChoiceResponse> choices, OpenAiUsage? usage, GatewayDecisions? gateway, CancellationToken cancellationToken)
    {
        WriteEvent(new ChatCompletionResponse(_id, "chat.completion.chunk", _created, _model, choices, usage, gateway), ApiJsonContext.Default.ChatCompletionResponse);
        await _response.BodyWriter.FlushAsync(cancellationToken);
    }

    private void WriteEvent<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        var writer = _response.BodyWriter;
        writer.Write("data: "u8);
        _json.Reset(writer);
        JsonSerializer.Serialize(_json, value, typeInfo);
        _json.Flush();
        writer.Write("\n\n"u8);
    }
}
