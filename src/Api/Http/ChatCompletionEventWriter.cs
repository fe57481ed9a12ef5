using System.Buffers;
using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;

namespace LlmGateway.Api.Http;

/// <summary>
/// Writes one streamed chat completion as OpenAI's Server-Sent Events: <c>data: {chunk}</c> per piece of text,
/// a last chunk with the finish reason, a usage chunk when asked for, then <c>data: [DONE]</c>. An error ends the
/// stream with <c>data: {"error": ...}</c> and no <c>[DONE]</c>, which the SDKs raise as an exception. A text chunk differs from the previous one only in its text, so everything before the
/// delta is serialised once per stream and each chunk writes just its text (<see cref="TextChunkPrefix"/>); the bytes
/// are those the serializer writes for the same chunk.
/// </summary>
internal sealed class ChatCompletionEventWriter : AnswerEvents
{
    /// <summary>A cached answer is replayed as a stream in pieces of this size.</summary>
    private const int ReplayChunkChars = 64;

    private readonly string _id;
    private readonly string _model;
    private readonly AnswerFacts _facts;
    private readonly bool _includeUsage;
    private byte[]? _textChunkPrefix;
    private bool _roleSent;

    /// <summary>Choices other than 0 whose first chunk (with the role) has gone.</summary>
    private List<int>? _otherRolesSent;

    /// <param name="includeUsage">The client asked for the usage chunk (<c>stream_options.include_usage</c>).</param>
    public ChatCompletionEventWriter(HttpResponse response, string id, string model, AnswerFacts facts, bool includeUsage)
        : base(response)
    {
        _id = id;
        _model = model;
        _facts = facts;
        _includeUsage = includeUsage;
    }

    /// <summary><c>data: {"id":…,"choices":[{"index":0,"delta":{"role":"assistant","content":text}}]}</c>, the role on the first only; not sent yet.</summary>
    public override void WriteText(string text)
    {
        var writer = Response.BodyWriter;
        writer.Write(_textChunkPrefix ??= TextChunkPrefix());
        if (!_roleSent)
        {
            writer.Write("\"role\":\"assistant\","u8);
            _roleSent = true;
        }

        writer.Write("\"content\":"u8);
        Json.Reset(writer);
        Json.WriteStringValue(text);
        Json.Flush();
        writer.Write("}}]}\n\n"u8);
    }

    /// <summary>
    /// A piece of another channel than choice 0's content — another choice, a refusal, a tool call (its first piece with
    /// its id and name) — as a chunk of that choice; not sent yet.
    /// </summary>
    public override void WritePart(ChoiceDelta part)
    {
        var role = FirstOf(part.Choice) ? "assistant" : null;
        var delta = part.Kind switch
        {
            DeltaKind.Refusal => new AssistantMessageResponse(role, null, part.Text),
            DeltaKind.ToolCall => new AssistantMessageResponse(role, null, ToolCalls:
            [
                new ToolCallResponse(part.ToolCall, part.ToolCallId, part.ToolCallId is null ? null : "function", new FunctionCallResponse(part.ToolName, part.Text)),
            ]),
            _ => new AssistantMessageResponse(role, part.Text),
        };
        WriteChunk([new ChatChoiceResponse(part.Choice, null, delta, null)], usage: null, gateway: null);
    }

    /// <summary>
    /// A stored answer as a stream would have brought it: each channel's text in pieces, each tool call's arguments in one;
    /// not sent yet.
    /// </summary>
    public override void WriteWhole(Completion completion)
    {
        if (completion.Choices is not { } choices)
        {
            Replay(0, DeltaKind.Content, completion.Text);
            return;
        }

        foreach (var choice in choices)
        {
            Replay(choice.Index, DeltaKind.Content, choice.Content);
            Replay(choice.Index, DeltaKind.Refusal, choice.Refusal);
            for (var call = 0; call < (choice.ToolCalls?.Count ?? 0); call++)
            {
                var toolCall = choice.ToolCalls![call];
                WritePart(new ChoiceDelta(choice.Index, DeltaKind.ToolCall, toolCall.Arguments, call, toolCall.Id, toolCall.Name));
            }
        }
    }

    /// <summary>The finish-reason chunk, the usage chunk when asked for, and <c>data: [DONE]</c>; not sent yet.</summary>
    public override void WriteEnd(Completion completion)
    {
        // Choices are set when the answer has more than choice 0's text: every choice then ends in the chunk, each by its index.
        ChatChoiceResponse[] finishes;
        if (completion.Choices is not { } choices)
        {
            finishes = [new ChatChoiceResponse(0, null, EmptyDelta(0), completion.FinishReason)];
        }
        else
        {
            finishes = new ChatChoiceResponse[choices.Count];
            for (var i = 0; i < finishes.Length; i++)
            {
                finishes[i] = new ChatChoiceResponse(choices[i].Index, null, EmptyDelta(choices[i].Index), choices[i].FinishReason);
            }
        }

        WriteChunk(finishes, usage: null, _facts.DecisionsOf(completion));
        if (_includeUsage)
        {
            WriteChunk([], OpenAiUsage.From(completion.Usage), gateway: null);
        }

        Response.BodyWriter.Write("data: [DONE]\n\n"u8);
    }

    /// <summary>The error event that ends a broken stream; not sent yet.</summary>
    public override void WriteError(GatewayFailure failure) => WriteEvent(OpenAiErrors.ToBody(failure), ApiJsonContext.Default.OpenAiErrorResponse);

    /// <summary>A stored text written as a stream would have brought it, in pieces.</summary>
    private void Replay(int choice, DeltaKind kind, string? text)
    {
        if (text is null)
        {
            return;
        }

        for (var start = 0; start < text.Length;)
        {
            var length = Math.Min(ReplayChunkChars, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                // Never between the two halves of a surrogate pair: a lone half is written as U+FFFD.
                length--;
            }

            var piece = text.Substring(start, length);
            if (choice == 0 && kind == DeltaKind.Content)
            {
                WriteText(piece);
            }
            else
            {
                WritePart(new ChoiceDelta(choice, kind, piece));
            }

            start += length;
        }
    }

    private AssistantMessageResponse EmptyDelta(int choice) =>
        FirstOf(choice) ? new AssistantMessageResponse("assistant", string.Empty) : new AssistantMessageResponse(null, null);

    /// <summary>True the first time a choice is written to: its chunk carries the role.</summary>
    private bool FirstOf(int choice)
    {
        if (choice == 0)
        {
            var first = !_roleSent;
            _roleSent = true;
            return first;
        }

        _otherRolesSent ??= [];
        if (_otherRolesSent.Contains(choice))
        {
            return false;
        }

        _otherRolesSent.Add(choice);
        return true;
    }

    private void WriteChunk(IReadOnlyList<ChatChoiceResponse> choices, OpenAiUsage? usage, GatewayDecisions? gateway) =>
        WriteEvent(new ChatCompletionResponse(_id, "chat.completion.chunk", _facts.Created, _model, choices, usage, gateway), ApiJsonContext.Default.ChatCompletionResponse);

    /// <summary><c>data: {"id":…,"object":"chat.completion.chunk","created":…,"model":…,"choices":[{"index":0,"delta":{</c>, escaped by the same writer settings.</summary>
    private byte[] TextChunkPrefix()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("data: "u8);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteString("id"u8, _id);
            json.WriteString("object"u8, "chat.completion.chunk"u8);
            json.WriteNumber("created"u8, _facts.Created);
            json.WriteString("model"u8, _model);
            json.WriteStartArray("choices"u8);
            json.WriteStartObject();
            json.WriteNumber("index"u8, 0);
            json.WriteStartObject("delta"u8);
        }

        // The writer ends with "{" and no separator yet: the properties follow as raw bytes.
        return buffer.WrittenSpan.ToArray();
    }

    private void WriteEvent<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        var writer = Response.BodyWriter;
        writer.Write("data: "u8);
        Json.Reset(writer);
        JsonSerializer.Serialize(Json, value, typeInfo);
        Json.Flush();
        writer.Write("\n\n"u8);
    }
}
