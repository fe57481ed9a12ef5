using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The chat completions wire format, written and read directly in UTF-8: the request body with
/// <see cref="Utf8JsonWriter"/>, the answer and each streamed event with <see cref="Utf8JsonReader"/>, taking only the
/// fields the gateway uses. The SDK's typed models cost about as much as the rest of the provider call and, streamed,
/// a model object per event (docs/performance.md, "What the provider path costs"). A body that is not a chat completion throws
/// <see cref="JsonException"/>; an error event in a stream throws <see cref="InvalidDataException"/>.
/// </summary>
internal static class OpenAiWireFormat
{
    public static ReadOnlyMemory<byte> Request(string model, ChatRequest request, int maxTokens, bool stream)
    {
        if (request.Forwarded is { } forwarded)
        {
            return Forward(model, request, forwarded, maxTokens, stream);
        }

        var buffer = new ArrayBufferWriter<byte>(256 + EstimateLength(request));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            json.WriteStartArray("messages"u8);
            foreach (var message in request.Messages)
            {
                json.WriteStartObject();
                json.WriteString("role"u8, message.Role switch
                {
                    ChatRole.System => "system"u8,
                    ChatRole.Assistant => "assistant"u8,
                    _ => "user"u8,
                });
                json.WriteString("content"u8, message.Content);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("max_completion_tokens"u8, maxTokens);
            if (request.Temperature is { } temperature)
            {
                json.WriteNumber("temperature"u8, temperature);
            }

            if (request.TopP is { } topP)
            {
                json.WriteNumber("top_p"u8, topP);
            }

            if (request.Stop is { } stop)
            {
                json.WriteStartArray("stop"u8);
                foreach (var sequence in stop)
                {
                    json.WriteStringValue(sequence);
                }

                json.WriteEndArray();
            }

            WriteUserAndStream(json, request, stream);

            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>
    /// The client's own body sent on: the fields the gateway decides (model, token cap, user, stream and usage on a stream)
    /// written first, then every other field of the client's body copied byte for byte (<see cref="ForwardedRequest"/>).
    /// </summary>
    private static ReadOnlyMemory<byte> Forward(string model, ChatRequest request, ForwardedRequest forwarded, int maxTokens, bool stream)
    {
        var buffer = new ArrayBufferWriter<byte>(forwarded.Body.Length + 160);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            json.WriteNumber("max_completion_tokens"u8, maxTokens);
            WriteUserAndStream(json, request, stream);

            // The object stays open: the client's fields follow as raw bytes.
            json.Flush();
        }

        return WithForwardedFields(buffer, forwarded);
    }

    /// <summary>Closes a body whose gateway-decided fields are in <paramref name="buffer"/> (object still open) with the client's other fields, byte for byte.</summary>
    private static ReadOnlyMemory<byte> WithForwardedFields(ArrayBufferWriter<byte> buffer, ForwardedRequest forwarded)
    {
        for (var i = 0; i < forwarded.Fields.Count; i++)
        {
            buffer.Write(","u8);
            buffer.Write(forwarded.Bytes(i));
        }

        buffer.Write("}"u8);
        return buffer.WrittenMemory;
    }

    /// <summary>The fields the request bodies end their gateway-decided part with: the end user, and on a stream the usage request.</summary>
    private static void WriteUserAndStream(Utf8JsonWriter json, ChatRequest request, bool stream)
    {
        if (request.EndUser is { } user)
        {
            json.WriteString("user"u8, user);
        }

        if (stream)
        {
            json.WriteBoolean("stream"u8, true);
            json.WriteStartObject("stream_options"u8);
            json.WriteBoolean("include_usage"u8, true);
            json.WriteEndObject();
        }
    }

    /// <summary>
    /// An embeddings request: the model and end user the gateway decided, then every other field of the client's body
    /// (input, encoding_format, dimensions, fields the gateway does not know) copied byte for byte.
    /// </summary>
    public static ReadOnlyMemory<byte> EmbeddingsRequest(string model, ChatRequest request)
    {
        var forwarded = request.Forwarded!;
        var buffer = new ArrayBufferWriter<byte>(forwarded.Body.Length + 96);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            WriteUserAndStream(json, request, stream: false);
            json.Flush();
        }

        return WithForwardedFields(buffer, forwarded);
    }

    /// <summary>
    /// The input tokens of an embeddings answer (<c>usage.prompt_tokens</c>), null when it reports none; a body that is
    /// not a JSON object with a <c>data</c> array throws <see cref="JsonException"/>, so it is not relayed as an answer.
    /// </summary>
    public static int? ReadEmbeddingUsage(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        ExpectStartObject(ref reader);
        int? prompt = null;
        var hasData = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                prompt = ReadNumber(ref reader, "prompt_tokens"u8);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                hasData = reader.TokenType == JsonTokenType.StartArray;
                reader.Skip();
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return hasData ? prompt : throw new JsonException("The answer has no data.");
    }

    /// <summary>
    /// A whole answer: <c>model</c>, <c>usage</c> and every choice's <c>message</c> (content, refusal, tool calls) and
    /// <c>finish_reason</c>; <see cref="WireCompletion.Choices"/> is null for one choice of plain text.
    /// </summary>
    public static WireCompletion ReadCompletion(ReadOnlySpan<byte> body)
    {
        var answer = Read(body, "message"u8);
        if (!answer.HasChoice)
        {
            throw new JsonException("The answer has no choice.");
        }

        List<CompletionChoice>? choices = null;
        if (answer.Choices is { } wire)
        {
            choices = new List<CompletionChoice>(wire.Count);
            foreach (var choice in wire)
            {
                choices.Add(choice.ToCompletionChoice());
            }
        }

        return new WireCompletion(answer.Text ?? string.Empty, answer.Model, answer.FinishReason, answer.Usage, choices);
    }

    /// <summary>
    /// An upstream's error body, <c>{"error": {"message", "type", "param", "code"}}</c>; null when it has none. The message
    /// may echo the client's prompt: it goes to the client (through the output filter), never to a log.
    /// </summary>
    public static UpstreamError? ReadError(int status, ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            ExpectStartObject(ref reader);
            while (NextProperty(ref reader))
            {
                if (!reader.ValueTextEquals("error"u8))
                {
                    SkipValue(ref reader);
                    continue;
                }

                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                string? message = null;
                string? type = null;
                string? param = null;
                string? code = null;
                while (NextProperty(ref reader))
                {
                    var name = reader.ValueTextEquals("message"u8) ? 1 : reader.ValueTextEquals("type"u8) ? 2 : reader.ValueTextEquals("param"u8) ? 3 : reader.ValueTextEquals("code"u8) ? 4 : 0;
                    var value = ReadString(ref reader);
                    switch (name)
                    {
                        case 1: message = value; break;
                        case 2: type = value; break;
                        case 3: param = value; break;
                        case 4: code = value; break;
                    }
                }

                return new UpstreamError(status, message ?? $"The provider refused the request (HTTP {status}).", type, param, code);
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Not OpenAI's error shape: the status alone is passed on.
        }

        return null;
    }


    /// <summary>
    /// One streamed event (an <see cref="SseItemParser{T}"/>): its data's <c>choices[0].delta.content</c>,
    /// <c>choices[0].finish_reason</c> and, on the last event when asked for, <c>usage</c>; null for <c>[DONE]</c>. An
    /// <c>error</c> event, or an <c>error</c> object in the data, means the provider broke the stream off.
    /// </summary>
    public static StreamDelta? ReadEvent(string eventType, ReadOnlySpan<byte> data)
    {
        if (string.Equals(eventType, "error", StringComparison.Ordinal))
        {
            throw new InvalidDataException("The provider sent an error event.");
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return null;
        }

        var chunk = Read(data, "delta"u8);
        if (chunk.HasError)
        {
            throw new InvalidDataException("The provider sent an error event.");
        }

        if (chunk.Choices is not { } choices)
        {
            return new StreamDelta(chunk.Text, chunk.FinishReason, chunk.Usage);
        }

        var parts = new List<ChoiceDelta>(choices.Count * 2);
        string? finishReason = null;
        foreach (var choice in choices)
        {
            choice.AddParts(parts);
            finishReason ??= choice.FinishReason;
        }

        return new StreamDelta(null, finishReason, chunk.Usage) { Parts = parts };
    }

    /// <summary>The top-level fields of an answer or a streamed chunk; <paramref name="messageName"/> is <c>message</c> or <c>delta</c>.</summary>
    private static Fields Read(ReadOnlySpan<byte> json, ReadOnlySpan<byte> messageName)
    {
        var reader = new Utf8JsonReader(json);
        ExpectStartObject(ref reader);
        var fields = default(Fields);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                fields.HasChoice |= ReadChoices(ref reader, messageName, ref fields);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                fields.Model = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                fields.Usage = ReadUsage(ref reader);
            }
            else
            {
                fields.HasError |= reader.ValueTextEquals("error"u8);
                SkipValue(ref reader);
            }
        }

        return fields;
    }

    /// <summary>The gateway's names for a finish reason; anything it does not know reads as <c>stop</c>.</summary>
    private static string FinishReason(string? reason) => reason switch
    {
        "length" => "length",
        "content_filter" => "content_filter",
        "tool_calls" => "tool_calls",
        "function_call" => "function_call",
        _ => "stop",
    };

    /// <summary>
    /// Every choice. The common case — one choice, index 0, text only — is left in <see cref="Fields.Text"/> and
    /// <see cref="Fields.FinishReason"/> without allocating; anything more (another choice, a refusal, tool calls) puts
    /// every choice in <see cref="Fields.Choices"/>.
    /// </summary>
    private static bool ReadChoices(ref Utf8JsonReader reader, ReadOnlySpan<byte> messageName, ref Fields fields)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        var found = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var choice = ReadChoice(ref reader, messageName);
            if (!found && choice.IsPlainFirst)
            {
                fields.Text = choice.Content;
                fields.FinishReason = choice.FinishReason;
            }
            else
            {
                if (fields.Choices is null)
                {
                    fields.Choices = [];
                    if (found)
                    {
                        // The plain first choice read before: it joins the list.
                        fields.Choices.Add(new WireChoice { Content = fields.Text, FinishReason = fields.FinishReason });
                    }
                }

                fields.Choices.Add(choice);
                if (choice.Index == 0)
                {
                    fields.Text = choice.Content;
                    fields.FinishReason = choice.FinishReason;
                }
            }

            found = true;
        }

        return found;
    }

    private static WireChoice ReadChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> messageName)
    {
        var choice = default(WireChoice);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(messageName))
            {
                reader.Read();
                ReadMessage(ref reader, ref choice);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                choice.FinishReason = ReadString(ref reader) is { } reason ? FinishReason(reason) : null;
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                choice.Index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : 0;
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return choice;
    }

    /// <summary>A <c>message</c> or <c>delta</c>: its content (a string, or text parts joined), refusal and tool calls.</summary>
    private static void ReadMessage(ref Utf8JsonReader reader, ref WireChoice choice)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                choice.Content = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.StartArray => ReadTextParts(ref reader),
                    _ => Skip(ref reader),
                };
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                choice.Refusal = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                choice.ToolCalls = ReadToolCalls(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private static List<WireToolCall>? ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var calls = new List<WireToolCall>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var call = new WireToolCall(calls.Count, null, null, null);
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    call = call with { Index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : call.Index };
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    call = call with { Id = ReadString(ref reader) };
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (NextProperty(ref reader))
                    {
                        var isName = reader.ValueTextEquals("name"u8);
                        var isArguments = reader.ValueTextEquals("arguments"u8);
                        var value = ReadString(ref reader);
                        call = isName ? call with { Name = value } : isArguments ? call with { Arguments = value } : call;
                    }
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            calls.Add(call);
        }

        return calls;
    }

    private static string ReadTextParts(ref Utf8JsonReader reader)
    {
        var parts = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (NextProperty(ref reader))
            {
                if (!reader.ValueTextEquals("text"u8))
                {
                    SkipValue(ref reader);
                }
                else if (ReadString(ref reader) is { } text)
                {
                    parts.Add(text);
                }
            }
        }

        return string.Concat(parts);
    }

    private static TokenUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int? input = null;
        int? output = null;
        var cached = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                input = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                cached = ReadNumber(ref reader, "cached_tokens"u8) ?? 0;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                output = reader.GetInt32();
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return input is { } prompt && output is { } completion
            ? new TokenUsage(prompt, completion, Estimated: false) { CachedPromptTokens = Math.Clamp(cached, 0, prompt) }
            : null;
    }

    /// <summary>
    /// The number <paramref name="name"/> of the object the reader is at (<c>usage.prompt_tokens</c>,
    /// <c>prompt_tokens_details.cached_tokens</c>), the rest skipped; null when it has none or the value is no object.
    /// </summary>
    private static int? ReadNumber(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int? number = null;
        while (NextProperty(ref reader))
        {
            var isNumber = reader.ValueTextEquals(name);
            reader.Read();
            if (isNumber && reader.TokenType == JsonTokenType.Number)
            {
                number = reader.GetInt32();
            }
            else
            {
                reader.Skip();
            }
        }

        return number;
    }

    private static void ExpectStartObject(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The answer is not a JSON object.");
        }
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>The value of the property the reader is at, when it is a string; any other value is skipped (null).</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : Skip(ref reader);
    }

    /// <summary>Skips the value of the property the reader is at: a field the gateway does not use.</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static int EstimateLength(ChatRequest request)
    {
        var length = 0;
        foreach (var message in request.Messages)
        {
            length += message.Content.Length + 32;
        }

        return length;
    }

    private struct Fields
    {
        public string? Text;
        public string? Model;
        public string? FinishReason;
        public TokenUsage? Usage;
        public List<WireChoice>? Choices;
        public bool HasChoice;
        public bool HasError;
    }

    private struct WireChoice
    {
        public int Index;
        public string? Content;
        public string? Refusal;
        public string? FinishReason;
        public List<WireToolCall>? ToolCalls;

        public readonly bool IsPlainFirst => Index == 0 && Refusal is null && ToolCalls is null;

        public readonly CompletionChoice ToCompletionChoice()
        {
            List<ToolCall>? calls = null;
            if (ToolCalls is not null)
            {
                calls = new List<ToolCall>(ToolCalls.Count);
                foreach (var call in ToolCalls)
                {
                    calls.Add(new ToolCall(call.Id ?? string.Empty, call.Name ?? string.Empty, call.Arguments ?? string.Empty));
                }
            }

            return new CompletionChoice(Index, Content, FinishReason ?? "stop", Refusal, calls);
        }

        /// <summary>This choice's pieces of a streamed chunk, in the order a client reads them.</summary>
        public readonly void AddParts(List<ChoiceDelta> parts)
        {
            if (!string.IsNullOrEmpty(Content))
            {
                parts.Add(new ChoiceDelta(Index, DeltaKind.Content, Content));
            }

            if (!string.IsNullOrEmpty(Refusal))
            {
                parts.Add(new ChoiceDelta(Index, DeltaKind.Refusal, Refusal));
            }

            if (ToolCalls is not null)
            {
                foreach (var call in ToolCalls)
                {
                    parts.Add(new ChoiceDelta(Index, DeltaKind.ToolCall, call.Arguments ?? string.Empty, call.Index, call.Id, call.Name));
                }
            }

            if (FinishReason is not null)
            {
                parts.Add(new ChoiceDelta(Index, DeltaKind.Finish, FinishReason));
            }
        }
    }

    private readonly record struct WireToolCall(int Index, string? Id, string? Name, string? Arguments);
}

/// <summary>
/// The fields of a whole answer the gateway uses; <see cref="Usage"/> is null when the provider reported none,
/// <see cref="Choices"/> when the answer is one choice of plain text.
/// </summary>
internal readonly record struct WireCompletion(string Text, string? Model, string? FinishReason, TokenUsage? Usage, List<CompletionChoice>? Choices)
{
    /// <summary>
    /// The answer as a provider hands it to the chain: named after <paramref name="provider"/>; without a model name, a
    /// finish reason or usage, the model asked for, <c>stop</c> and the gateway's estimate stand in.
    /// </summary>
    public Completion ToCompletion(string provider, string model, ChatRequest request) => new(
        Text,
        provider,
        string.IsNullOrEmpty(Model) ? model : Model,
        FinishReason ?? "stop",
        Usage ?? new TokenUsage(request.EstimatePromptTokens(), TokenUsage.EstimateTokens(Text), Estimated: true),
        Redactions: [],
        IsFallback: false)
    {
        Choices = Choices,
    };
}
