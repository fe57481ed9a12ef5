using System.Globalization;
using System.Text;
using System.Text.Json;
using Anthropic.Core;
using Anthropic.Models.Messages;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// Chat completions ↔ Anthropic's Messages API, in the SDK's types. The request: system and developer messages become
/// <c>system</c>, user and assistant turns follow (consecutive turns of one role merged, as Anthropic wants them
/// alternating), an assistant's <c>tool_calls</c> become <c>tool_use</c> blocks and <c>tool</c> messages
/// <c>tool_result</c> blocks of the next user turn; tools, tool_choice, parallel_tool_calls and a json_schema
/// response_format (as <c>output_config.format</c>) are translated. The
/// structure is read from the client's own body (<see cref="ForwardedRequest"/>), the gateway's flattened
/// <see cref="ChatRequest.Messages"/> only when the gateway built the request itself. What Anthropic cannot be asked
/// (n &gt; 1, audio or file parts, non-function tools) throws <see cref="UnsupportedRequestException"/> naming the field.
/// </summary>
internal static class AnthropicWireFormat
{
    private static readonly JsonElement ObjectType = JsonDocument.Parse("\"object\"").RootElement;

    public static MessageCreateParams Request(string model, ChatRequest request, int maxTokens)
    {
        if (request.ChoiceCount > 1)
        {
            throw new UnsupportedRequestException("n", "Anthropic answers with one choice: n must be 1.");
        }

        var system = new List<TextBlockParam>();
        var turns = new List<Turn>();
        JsonElement? tools = null;
        JsonElement? toolChoice = null;
        bool? parallelToolCalls = null;
        Dictionary<string, JsonElement>? outputSchema = null;
        if (request.Forwarded is { } forwarded)
        {
            for (var i = 0; i < forwarded.Fields.Count; i++)
            {
                var (name, value) = Field(forwarded, i);
                switch (name)
                {
                    case "messages":
                        AddMessages(value, system, turns);
                        break;
                    case "tools":
                        tools = value;
                        break;
                    case "tool_choice":
                        toolChoice = value;
                        break;
                    case "response_format":
                        outputSchema = OutputSchema(value);
                        break;
                    case "parallel_tool_calls":
                        parallelToolCalls = value.ValueKind == JsonValueKind.False ? false : value.ValueKind == JsonValueKind.True ? true : null;
                        break;
                }
            }
        }
        else
        {
            foreach (var message in request.Messages)
            {
                if (message.Role == ChatRole.System)
                {
                    AddText(system, message.Content);
                }
                else
                {
                    var blocks = new List<ContentBlockParam>(1);
                    AddText(blocks, message.Content);
                    Append(turns, message.Role == ChatRole.Assistant, blocks);
                }
            }
        }

        var messages = new List<MessageParam>(turns.Count);
        foreach (var turn in turns)
        {
            MessageContentParam content = turn.Blocks;
            messages.Add(turn.Assistant ? new AssistantMessageParam(content) : new UserMessageParam(content));
        }

        var parameters = new MessageCreateParams
        {
            Model = model,
            MaxTokens = maxTokens,
            Messages = messages,
        };
        if (system.Count > 0)
        {
            parameters = parameters with { System = system };
        }

        if (request.Stop is { Count: > 0 } stop)
        {
            parameters = parameters with { StopSequences = stop };
        }

        if (request.EndUser is { } user)
        {
            parameters = parameters with { Metadata = new Metadata { UserID = user } };
        }

        if (tools is { ValueKind: JsonValueKind.Array } toolList && toolList.GetArrayLength() > 0)
        {
            parameters = parameters with { Tools = Tools(toolList) };
        }

        if (outputSchema is not null)
        {
            parameters = parameters with { OutputConfig = new OutputConfig { Format = new JsonOutputFormat { Schema = outputSchema } } };
        }

        if (ToolChoice(toolChoice, parallelToolCalls) is { } choice)
        {
            parameters = parameters with { ToolChoice = choice };
        }

        if (request.Temperature is null && request.TopP is null)
        {
            return parameters;
        }

        // The SDK's typed parameters have no sampling fields; the Messages API still takes them in the body.
        var body = new Dictionary<string, JsonElement>(parameters.RawBodyData, StringComparer.Ordinal);
        if (request.Temperature is { } temperature)
        {
            body["temperature"] = Number(temperature);
        }

        if (request.TopP is { } topP)
        {
            body["top_p"] = Number(topP);
        }

        return MessageCreateParams.FromRawUnchecked(parameters.RawHeaderData, parameters.RawQueryData, body);
    }

    /// <summary>
    /// A whole answer: its text blocks joined, each <c>tool_use</c> as a tool call whose arguments are the model's JSON
    /// input as written; <see cref="WireCompletion.Choices"/> is set only when there are tool calls.
    /// </summary>
    public static WireCompletion ReadMessage(Message message)
    {
        string? text = null;
        List<ToolCall>? calls = null;
        foreach (var block in message.Content)
        {
            if (block.TryPickText(out var textBlock))
            {
                text = text is null ? textBlock.Text : text + textBlock.Text;
            }
            else if (block.TryPickToolUse(out var toolUse))
            {
                (calls ??= []).Add(new ToolCall(toolUse.ID, toolUse.Name, Arguments(toolUse.RawData)));
            }
        }

        var finishReason = FinishReason(message.StopReason);
        List<CompletionChoice>? choices = calls is null ? null : [new CompletionChoice(0, text, finishReason, null, calls)];
        return new WireCompletion(text ?? string.Empty, message.Model.Raw(), finishReason, Usage(message.Usage), choices);
    }

    /// <summary>Anthropic's stop reason in chat completions' words; an unknown or missing one reads as <c>stop</c>.</summary>
    public static string FinishReason(ApiEnum<string, StopReason>? reason) => reason?.Raw() switch
    {
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop",
    };

    public static TokenUsage Usage(Usage usage) =>
        Usage(usage.InputTokens, usage.CacheCreationInputTokens, usage.CacheReadInputTokens, usage.OutputTokens);

    /// <summary>
    /// Prompt tokens as OpenAI counts them: the uncached input plus what was written to and read from the prompt cache;
    /// of them, those read from the cache are OpenAI's <c>cached_tokens</c> (billed at the cached-input price). Tokens
    /// written to the cache are not: Anthropic bills them above the input price, not below it.
    /// </summary>
    public static TokenUsage Usage(long input, long? cacheCreation, long? cacheRead, long output) =>
        new(Tokens(input + (cacheCreation ?? 0) + (cacheRead ?? 0)), Tokens(output), Estimated: false) { CachedPromptTokens = Tokens(cacheRead ?? 0) };

    /// <summary>
    /// Anthropic's error body, <c>{"type":"error","error":{"type","message"}}</c>, in OpenAI's error shape; null when it has
    /// none. The message may echo the client's prompt: it goes to the client (through the output filter), never to a log.
    /// </summary>
    public static UpstreamError? ReadError(int status, string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return new UpstreamError(status, message ?? $"The provider refused the request (HTTP {status}).", type, null, null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>response_format</c> <c>json_schema</c>'s schema, which Anthropic's structured output takes as
    /// <c>output_config.format</c>; null for any other format (<c>json_object</c> has no counterpart: the answer is still
    /// filtered as JSON).
    /// </summary>
    private static Dictionary<string, JsonElement>? OutputSchema(JsonElement format)
    {
        if (format.ValueKind != JsonValueKind.Object
            || !format.TryGetProperty("type", out var type) || type.GetString() != "json_schema"
            || !format.TryGetProperty("json_schema", out var jsonSchema) || jsonSchema.ValueKind != JsonValueKind.Object
            || !jsonSchema.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in schema.EnumerateObject())
        {
            properties[property.Name] = property.Value;
        }

        return properties;
    }

    /// <summary>A tool's input exactly as the model wrote it, which becomes the call's JSON arguments.</summary>
    private static string Arguments(IReadOnlyDictionary<string, JsonElement> block) =>
        block.TryGetValue("input", out var input) && input.ValueKind == JsonValueKind.Object ? input.GetRawText() : "{}";

    internal static int Tokens(long count) => (int)Math.Clamp(count, 0, int.MaxValue);

    private static JsonElement Number(double value)
    {
        using var document = JsonDocument.Parse(value.ToString("R", CultureInfo.InvariantCulture));
        return document.RootElement.Clone();
    }

    /// <summary>Field <paramref name="index"/> of the client's body: its name and its value (cloned, so it outlives the body).</summary>
    private static (string Name, JsonElement Value) Field(ForwardedRequest forwarded, int index)
    {
        var bytes = forwarded.Bytes(index);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, default);
        reader.Read();
        var name = reader.GetString()!;
        var rest = bytes[(int)reader.BytesConsumed..];
        rest = rest[(rest.IndexOf((byte)':') + 1)..];
        var value = new Utf8JsonReader(rest);
        return (name, JsonElement.ParseValue(ref value));
    }

    private static void AddMessages(JsonElement messages, List<TextBlockParam> system, List<Turn> turns)
    {
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var param = $"messages[{i}]";
            var role = message.TryGetProperty("role", out var r) ? r.GetString() : null;
            message.TryGetProperty("content", out var content);
            switch (role)
            {
                case "system" or "developer":
                    AddTextParts(system, content, param);
                    break;
                case "user":
                    Append(turns, assistant: false, UserBlocks(content, param));
                    break;
                case "assistant":
                    Append(turns, assistant: true, AssistantBlocks(message, content, param));
                    break;
                case "tool":
                    var id = message.TryGetProperty("tool_call_id", out var callId) ? callId.GetString() ?? string.Empty : string.Empty;
                    var result = new ToolResultBlockParam(id) { Content = JoinedText(content, param) };
                    Append(turns, assistant: false, [result]);
                    break;
                default:
                    throw new UnsupportedRequestException($"{param}.role", $"Anthropic is not asked messages with role '{role}'.");
            }

            i++;
        }
    }

    private static List<ContentBlockParam> UserBlocks(JsonElement content, string param)
    {
        var blocks = new List<ContentBlockParam>(1);
        if (content.ValueKind != JsonValueKind.Array)
        {
            AddText(blocks, content.ValueKind == JsonValueKind.String ? content.GetString()! : string.Empty);
            return blocks;
        }

        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var type = part.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "text")
            {
                AddText(blocks, part.GetProperty("text").GetString() ?? string.Empty);
            }
            else if (type == "image_url")
            {
                blocks.Add(Image(part.GetProperty("image_url").GetProperty("url").GetString() ?? string.Empty, $"{param}.content[{j}]"));
            }
            else
            {
                throw new UnsupportedRequestException($"{param}.content[{j}].type", $"Anthropic is not asked content parts of type '{type}'.");
            }

            j++;
        }

        return blocks;
    }

    private static ImageBlockParam Image(string url, string param)
    {
        if (url.StartsWith("data:", StringComparison.Ordinal))
        {
            // data:image/png;base64,....
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            var header = comma > 5 ? url[5..comma] : string.Empty;
            MediaType? mediaType = header switch
            {
                "image/jpeg;base64" => MediaType.ImageJpeg,
                "image/png;base64" => MediaType.ImagePng,
                "image/gif;base64" => MediaType.ImageGif,
                "image/webp;base64" => MediaType.ImageWebP,
                _ => null,
            };
            if (mediaType is not { } media)
            {
                throw new UnsupportedRequestException($"{param}.image_url.url", "Anthropic takes base64 JPEG, PNG, GIF or WebP images.");
            }

            return new ImageBlockParam(new Base64ImageSource { Data = url[(comma + 1)..], MediaType = media });
        }

        return new ImageBlockParam(new UrlImageSource(url));
    }

    private static List<ContentBlockParam> AssistantBlocks(JsonElement message, JsonElement content, string param)
    {
        var blocks = new List<ContentBlockParam>(2);
        if (content.ValueKind is JsonValueKind.String or JsonValueKind.Array)
        {
            var text = new List<TextBlockParam>(1);
            AddTextParts(text, content, param);
            foreach (var block in text)
            {
                blocks.Add(block);
            }
        }

        if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            var k = 0;
            foreach (var call in calls.EnumerateArray())
            {
                var function = call.GetProperty("function");
                var arguments = function.TryGetProperty("arguments", out var a) ? a.GetString() : null;
                blocks.Add(new ToolUseBlockParam
                {
                    ID = call.TryGetProperty("id", out var id) ? id.GetString() ?? string.Empty : string.Empty,
                    Name = function.GetProperty("name").GetString() ?? string.Empty,
                    Input = Input(arguments, $"{param}.tool_calls[{k}].function.arguments"),
                });
                k++;
            }
        }

        return blocks;
    }

    /// <summary>A tool call's arguments (JSON text) as the object Anthropic's <c>tool_use.input</c> must be.</summary>
    private static Dictionary<string, JsonElement> Input(string? arguments, string param)
    {
        var input = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return input;
        }

        try
        {
            using var document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UnsupportedRequestException(param, "Anthropic takes tool arguments that are a JSON object.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                input[property.Name] = property.Value.Clone();
            }
        }
        catch (JsonException)
        {
            throw new UnsupportedRequestException(param, "Anthropic takes tool arguments that are a JSON object.");
        }

        return input;
    }

    private static List<ToolUnion> Tools(JsonElement tools)
    {
        var list = new List<ToolUnion>(tools.GetArrayLength());
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (!tool.TryGetProperty("type", out var type) || type.GetString() != "function" || !tool.TryGetProperty("function", out var function))
            {
                throw new UnsupportedRequestException($"tools[{i}].type", "Anthropic is asked function tools only.");
            }

            var schema = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in parameters.EnumerateObject())
                {
                    schema[property.Name] = property.Value;
                }
            }

            if (!schema.ContainsKey("type"))
            {
                schema["type"] = ObjectType;
            }

            var definition = new Tool
            {
                Name = function.GetProperty("name").GetString() ?? string.Empty,
                InputSchema = InputSchema.FromRawUnchecked(schema),
            };
            if (function.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String)
            {
                definition = definition with { Description = description.GetString() };
            }

            if (function.TryGetProperty("strict", out var strict) && strict.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                definition = definition with { Strict = strict.GetBoolean() };
            }

            list.Add(definition);
            i++;
        }

        return list;
    }

    /// <summary>
    /// OpenAI's <c>tool_choice</c> (none, auto, required, or one named function) and <c>parallel_tool_calls</c> as
    /// Anthropic's one <c>tool_choice</c>; null when the client set neither.
    /// </summary>
    private static ToolChoice? ToolChoice(JsonElement? choice, bool? parallelToolCalls)
    {
        bool? disableParallel = parallelToolCalls is false ? true : null;
        if (choice is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            if (disableParallel is null)
            {
                return null;
            }

            return new ToolChoiceAuto { DisableParallelToolUse = disableParallel };
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() switch
            {
                "none" => new ToolChoiceNone(),
                "auto" => new ToolChoiceAuto { DisableParallelToolUse = disableParallel },
                "required" => new ToolChoiceAny { DisableParallelToolUse = disableParallel },
                var other => throw new UnsupportedRequestException("tool_choice", $"tool_choice '{other}' is not one Anthropic knows."),
            };
        }

        if (value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty("function", out var function)
            && function.TryGetProperty("name", out var name)
            && name.ValueKind == JsonValueKind.String)
        {
            return new ToolChoiceTool(name.GetString()!) { DisableParallelToolUse = disableParallel };
        }

        throw new UnsupportedRequestException("tool_choice", "tool_choice must be none, auto, required or one function.");
    }

    /// <summary>A message's text (a string, or its text parts) as text blocks; an empty text is no block (Anthropic refuses those).</summary>
    private static void AddTextParts(List<TextBlockParam> blocks, JsonElement content, string param)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            AddText(blocks, content.GetString()!);
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (!part.TryGetProperty("type", out var type) || type.GetString() != "text")
            {
                throw new UnsupportedRequestException($"{param}.content[{j}].type", "Anthropic takes only text in system, assistant and tool messages.");
            }

            AddText(blocks, part.GetProperty("text").GetString() ?? string.Empty);
            j++;
        }
    }

    private static string JoinedText(JsonElement content, string param)
    {
        var parts = new List<TextBlockParam>(1);
        AddTextParts(parts, content, param);
        if (parts.Count == 1)
        {
            return parts[0].Text;
        }

        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part.Text);
        }

        return text.ToString();
    }

    private static void AddText(List<TextBlockParam> blocks, string text)
    {
        if (text.Length > 0)
        {
            blocks.Add(new TextBlockParam(text));
        }
    }

    private static void AddText(List<ContentBlockParam> blocks, string text)
    {
        if (text.Length > 0)
        {
            blocks.Add(new TextBlockParam(text));
        }
    }

    /// <summary>A turn of the other role opens a new message; a turn of the same role joins the last (tool results after their calls' turn included).</summary>
    private static void Append(List<Turn> turns, bool assistant, List<ContentBlockParam> blocks)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        if (turns.Count > 0 && turns[^1].Assistant == assistant)
        {
            turns[^1].Blocks.AddRange(blocks);
            return;
        }

        turns.Add(new Turn(assistant, blocks));
    }

    private sealed record Turn(bool Assistant, List<ContentBlockParam> Blocks);
}

/// <summary>Something the client asked for that Anthropic's Messages API cannot be asked: the client's error, naming <see cref="Param"/>.</summary>
internal sealed class UnsupportedRequestException(string param, string message) : Exception(message)
{
    public string Param { get; } = param;
}
