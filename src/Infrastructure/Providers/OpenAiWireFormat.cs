using System.Buffers;
using System.Net.ServerSentEvents;
using System.ClientModel;
using System.Text.Json;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The chat completions wire format, written and read directly in UTF-8: the request body with
/// <see cref="Utf8JsonWriter"/>, the answer and each streamed event with <see cref="Utf8JsonReader"/>, taking only the
/// fields the gateway uses. The SDK still sends the request (its pipeline, authentication and errors); its typed
/// models cost about as much as the rest of the provider call and, streamed, a model object per event
/// (bench/README.md, "What the provider path costs"). A body that is not a chat completion throws
/// <see cref="JsonException"/>; an error event in a stream throws <see cref="InvalidDataException"/>.
/// </summary>
internal static class OpenAiWireFormat
{
    public static BinaryContent Request(string model, ChatRequest request, int maxTokens, bool stream)
    {
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

            json.WriteEndObject();
        }

        return BinaryContent.Create(new BinaryData(buffer.WrittenMemory));
    }

    /// <summary>A whole answer: <c>choices[0].message.content</c>, <c>choices[0].finish_reason</c>, <c>model</c>, <c>usage</c>.</summary>
    public static WireCompletion ReadCompletion(ReadOnlySpan<byte> body)
    {
        var answer = Read(body, "message"u8);
        return answer.HasChoice
            ? new WireCompletion(answer.Text ?? string.Empty, answer.Model, answer.FinishReason, answer.Usage)
            : throw new JsonException("The answer has no choice.");
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
        return chunk.HasError
            ? throw new InvalidDataException("The provider sent an error event.")
            : new StreamDelta(chunk.Text, chunk.FinishReason, chunk.Usage);
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
                fields.HasChoice |= ReadFirstChoice(ref reader, messageName, ref fields.Text, ref fields.FinishReason);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                fields.Model = reader.TokenType == JsonTokenType.String ? reader.GetString() : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                fields.Usage = ReadUsage(ref reader);
            }
            else
            {
                fields.HasError |= reader.ValueTextEquals("error"u8);
                reader.Read();
                reader.Skip();
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

    private static bool ReadFirstChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> messageName, ref string? text, ref string? finishReason)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        var found = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (found || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            found = true;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals(messageName))
                {
                    reader.Read();
                    text = ReadContent(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    finishReason = reader.TokenType == JsonTokenType.String ? FinishReason(reader.GetString()) : Skip(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        return found;
    }

    /// <summary>The <c>content</c> of a message or delta: a string, or text parts joined.</summary>
    private static string? ReadContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Skip(ref reader);
        }

        string? content = null;
        while (NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            content = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.StartArray => ReadTextParts(ref reader),
                _ => Skip(ref reader),
            };
        }

        return content;
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
                var isText = reader.ValueTextEquals("text"u8);
                reader.Read();
                if (isText && reader.TokenType == JsonTokenType.String)
                {
                    parts.Add(reader.GetString()!);
                }
                else
                {
                    reader.Skip();
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
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                input = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                output = reader.GetInt32();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return input is { } prompt && output is { } completion ? new TokenUsage(prompt, completion, Estimated: false) : null;
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
        public bool HasChoice;
        public bool HasError;
    }
}

/// <summary>The fields of a whole answer the gateway uses; <see cref="Usage"/> is null when the provider reported none.</summary>
internal readonly record struct WireCompletion(string Text, string? Model, string? FinishReason, TokenUsage? Usage);
