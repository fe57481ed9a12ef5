using System.Buffers;
using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Domain;

namespace LlmGateway.Api.Http;

/// <summary>
/// OpenAI's Responses request → a chat completions request body, so that <c>/v1/responses</c> runs the chat command
/// unchanged: every input item the model reads — messages, earlier function calls, function results — becomes a chat
/// message that inspection, blocked terms, caching, routing and the output filter treat as they treat chat. Function
/// tools, <c>tool_choice</c>, <c>text.format</c> (→ <c>response_format</c>), <c>max_output_tokens</c>, sampling,
/// <c>reasoning.effort</c> and the caller's bookkeeping fields are translated; what the gateway cannot honour (stored
/// responses, built-in tools, background runs) is refused with OpenAI's error shape naming the <c>param</c>, never
/// dropped silently. The request is read through a <see cref="JsonDocument"/> (the Responses shape nests too much for a
/// forward-only rewrite to stay readable); the chat path itself keeps its forward-only reader.
/// </summary>
internal static class ResponsesRequestTranslator
{
    public static TranslatedResponsesRequest Translate(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The request body is not a JSON object.");
        }

        var echo = new ResponsesEcho();
        var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
        (string Param, string Message)? problem = null;
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            JsonElement? input = null;
            foreach (var property in root.EnumerateObject())
            {
                if (problem is not null)
                {
                    // The first problem is the answer; the half-written body is dropped.
                    break;
                }

                var value = property.Value;
                switch (property.Name)
                {
                    case "model" or "temperature" or "top_p" or "user" or "safety_identifier" or "prompt_cache_key" or "service_tier" or "parallel_tool_calls":
                        property.WriteTo(json);
                        Echo(echo, property.Name, value);
                        break;
                    case "input":
                        input = value;
                        break;
                    case "instructions":
                        echo.Instructions = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                        {
                            problem = ("instructions", "instructions must be a string.");
                        }

                        break;
                    case "max_output_tokens":
                        json.WritePropertyName("max_completion_tokens"u8);
                        value.WriteTo(json);
                        echo.MaxOutputTokens = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var max) ? max : null;
                        break;
                    case "stream":
                        property.WriteTo(json);
                        echo.Stream = value.ValueKind == JsonValueKind.True;
                        break;
                    case "tools":
                        echo.Tools = value.Clone();
                        problem = WriteTools(json, value);
                        break;
                    case "tool_choice":
                        echo.ToolChoice = value.Clone();
                        problem = WriteToolChoice(json, value);
                        break;
                    case "text":
                        echo.Text = value.Clone();
                        problem = WriteTextFormat(json, value);
                        break;
                    case "reasoning":
                        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("effort", out var effort) && effort.ValueKind == JsonValueKind.String)
                        {
                            json.WritePropertyName("reasoning_effort"u8);
                            effort.WriteTo(json);
                        }

                        break;
                    case "metadata":
                        echo.Metadata = value.Clone();
                        break;

                    // Accepted, nothing to do: nothing is stored (store: false is what the gateway does anyway), no extra
                    // output is included, the input is never truncated, and stream options only shape OpenAI's own events.
                    case "store" or "include" or "truncation" or "stream_options":
                        break;
                    case "previous_response_id" or "conversation" or "prompt" when value.ValueKind != JsonValueKind.Null:
                        problem = (property.Name, $"{property.Name} is not supported: the gateway does not store responses or conversations; send the whole conversation in input.");
                        break;
                    case "background" when value.ValueKind == JsonValueKind.True:
                        problem = ("background", "background is not supported: the gateway answers while the request is open.");
                        break;
                    case "previous_response_id" or "conversation" or "prompt" or "background":
                        break;
                    default:
                        problem = (property.Name, $"{property.Name} is not supported by this gateway's /v1/responses.");
                        break;
                }
            }

            if (problem is null)
            {
                problem = input is { } items ? WriteMessages(json, echo.Instructions, items) : ("input", "input is required.");
            }

            if (problem is not null)
            {
                return Refused(problem.Value, echo);
            }

            if (echo.Stream)
            {
                json.WriteStartObject("stream_options"u8);
                json.WriteBoolean("include_usage"u8, true);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return new TranslatedResponsesRequest(buffer.WrittenMemory.ToArray(), echo, null);
    }

    private static TranslatedResponsesRequest Refused((string Param, string Message) problem, ResponsesEcho echo) =>
        new(null, echo, new GatewayFailure(GatewayError.ValidationFailed, $"{problem.Param}: {problem.Message}")
        {
            Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { [problem.Param] = [problem.Message] },
        });

    /// <summary>A pipeline or mapper failure about the chat body, named by the Responses parameter the client sent.</summary>
    public static GatewayFailure InResponsesTerms(GatewayFailure failure)
    {
        if (failure.Errors is not { Count: > 0 } errors)
        {
            return failure;
        }

        var renamed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, value) in errors)
        {
            var name = key switch
            {
                "max_tokens" or "max_completion_tokens" => "max_output_tokens",
                "response_format" => "text.format",
                _ when key.StartsWith("messages", StringComparison.Ordinal) => "input",
                _ => key,
            };
            renamed[name] = value;
        }

        return failure with { Errors = renamed };
    }

    private static void Echo(ResponsesEcho echo, string name, JsonElement value)
    {
        switch (name)
        {
            case "temperature" when value.ValueKind == JsonValueKind.Number:
                echo.Temperature = value.GetDouble();
                break;
            case "top_p" when value.ValueKind == JsonValueKind.Number:
                echo.TopP = value.GetDouble();
                break;
            case "user" when value.ValueKind == JsonValueKind.String:
                echo.User = value.GetString();
                break;
            case "parallel_tool_calls" when value.ValueKind == JsonValueKind.False:
                echo.ParallelToolCalls = false;
                break;
        }
    }

    /// <summary>Function tools only: <c>{type, name, description, parameters, strict}</c> → chat's <c>{type, function: {...}}</c>.</summary>
    private static (string, string)? WriteTools(Utf8JsonWriter json, JsonElement tools)
    {
        if (tools.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            return ("tools", "tools must be an array.");
        }

        json.WriteStartArray("tools"u8);
        var index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var type = TypeOf(tool);
            if (type != "function")
            {
                return ($"tools[{index}].type", $"Only function tools are supported; '{type}' is not (built-in tools such as web_search, file_search or code_interpreter run at OpenAI, not behind this gateway).");
            }

            json.WriteStartObject();
            WriteNested(json, "function", tool, "name", "description", "parameters", "strict");
            json.WriteEndObject();
            index++;
        }

        json.WriteEndArray();
        return null;
    }

    /// <summary><c>auto</c>, <c>none</c>, <c>required</c> or <c>{type: function, name}</c>.</summary>
    private static (string, string)? WriteToolChoice(Utf8JsonWriter json, JsonElement choice)
    {
        if (choice.ValueKind == JsonValueKind.String && choice.GetString() is "auto" or "none" or "required")
        {
            json.WritePropertyName("tool_choice"u8);
            choice.WriteTo(json);
            return null;
        }

        if (TypeOf(choice) == "function" && choice.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            json.WriteStartObject("tool_choice"u8);
            json.WriteString("type"u8, "function"u8);
            json.WriteStartObject("function"u8);
            json.WritePropertyName("name"u8);
            name.WriteTo(json);
            json.WriteEndObject();
            json.WriteEndObject();
            return null;
        }

        return choice.ValueKind == JsonValueKind.Null ? null : ("tool_choice", "tool_choice must be auto, none, required or a function ({\"type\": \"function\", \"name\": ...}).");
    }

    /// <summary><c>text.format</c> → <c>response_format</c>: text, json_object, or json_schema with its name, schema, description and strict.</summary>
    private static (string, string)? WriteTextFormat(Utf8JsonWriter json, JsonElement text)
    {
        if (text.ValueKind != JsonValueKind.Object)
        {
            return text.ValueKind == JsonValueKind.Null ? null : ("text", "text must be an object.");
        }

        foreach (var property in text.EnumerateObject())
        {
            if (property.Name == "verbosity")
            {
                property.WriteTo(json);
            }
            else if (property.Name != "format")
            {
                return ($"text.{property.Name}", $"text.{property.Name} is not supported.");
            }
        }

        if (!text.TryGetProperty("format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = TypeOf(format);
        switch (type)
        {
            case "text" or "json_object":
                json.WriteStartObject("response_format"u8);
                json.WriteString("type"u8, type);
                json.WriteEndObject();
                return null;
            case "json_schema":
                json.WriteStartObject("response_format"u8);
                WriteNested(json, "json_schema", format, "name", "schema", "description", "strict");
                json.WriteEndObject();
                return null;
            default:
                return ("text.format.type", "text.format.type must be text, json_object or json_schema.");
        }
    }

    /// <summary>
    /// <c>instructions</c> as the first (system) message, then the input: a string is one user message; items become
    /// messages in order — function calls join the assistant message before them (or a new one), each function result is a
    /// <c>tool</c> message (inspected as input). Reasoning items carry nothing a chat model can take and are left out.
    /// </summary>
    private static (string, string)? WriteMessages(Utf8JsonWriter json, string? instructions, JsonElement input)
    {
        json.WriteStartArray("messages"u8);
        if (instructions is not null)
        {
            WriteMessage(json, "system", instructions);
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            WriteMessage(json, "user", input.GetString()!);
            json.WriteEndArray();
            return null;
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return ("input", "input must be a string or an array of input items.");
        }

        // An assistant message stays open while function calls follow it: they belong to one chat turn.
        var assistantOpen = false;
        var callsOpen = false;
        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            var param = $"input[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return (param, "An input item must be an object.");
            }

            var type = TypeOf(item) ?? (item.TryGetProperty("role", out _) ? "message" : null);
            if (type == "function_call")
            {
                if (!assistantOpen)
                {
                    json.WriteStartObject();
                    json.WriteString("role"u8, "assistant"u8);
                    json.WriteNull("content"u8);
                    assistantOpen = true;
                }

                if (!callsOpen)
                {
                    json.WriteStartArray("tool_calls"u8);
                    callsOpen = true;
                }

                if (!TryString(item, "call_id", out var callId) || !TryString(item, "name", out var name) || !TryString(item, "arguments", out var arguments))
                {
                    return (param, "A function_call item needs call_id, name and arguments (strings).");
                }

                json.WriteStartObject();
                json.WriteString("id"u8, callId);
                json.WriteString("type"u8, "function"u8);
                json.WriteStartObject("function"u8);
                json.WriteString("name"u8, name);
                json.WriteString("arguments"u8, arguments);
                json.WriteEndObject();
                json.WriteEndObject();
                continue;
            }

            CloseAssistant(json, ref assistantOpen, ref callsOpen);
            switch (type)
            {
                case "message":
                    if (WriteInputMessage(json, item, param, out assistantOpen) is { } messageProblem)
                    {
                        return messageProblem;
                    }

                    break;
                case "function_call_output":
                    if (!TryString(item, "call_id", out var outputCallId) || !item.TryGetProperty("output", out var output))
                    {
                        return (param, "A function_call_output item needs call_id and output.");
                    }

                    json.WriteStartObject();
                    json.WriteString("role"u8, "tool"u8);
                    json.WriteString("tool_call_id"u8, outputCallId);
                    if (WriteContent(json, output, $"{param}.output", assistant: false) is { } outputProblem)
                    {
                        return outputProblem;
                    }

                    json.WriteEndObject();
                    break;
                case "reasoning":
                    break;
                case "item_reference":
                    return (param, "item_reference is not supported: the gateway does not store responses; send the item itself.");
                default:
                    return ($"{param}.type", $"Input items of type '{type}' are not supported; use message, function_call and function_call_output items.");
            }
        }

        CloseAssistant(json, ref assistantOpen, ref callsOpen);
        json.WriteEndArray();
        return null;
    }

    private static void CloseAssistant(Utf8JsonWriter json, ref bool assistantOpen, ref bool callsOpen)
    {
        if (callsOpen)
        {
            json.WriteEndArray();
            callsOpen = false;
        }

        if (assistantOpen)
        {
            json.WriteEndObject();
            assistantOpen = false;
        }
    }

    /// <summary>A message item; an assistant's is left open (<paramref name="leftOpen"/>) for the function calls that may follow.</summary>
    private static (string, string)? WriteInputMessage(Utf8JsonWriter json, JsonElement item, string param, out bool leftOpen)
    {
        leftOpen = false;
        var role = TryString(item, "role", out var r) ? r : null;
        if (role is not ("user" or "system" or "developer" or "assistant"))
        {
            return ($"{param}.role", "role must be user, system, developer or assistant.");
        }

        if (!item.TryGetProperty("content", out var content))
        {
            return ($"{param}.content", "content is required.");
        }

        json.WriteStartObject();
        json.WriteString("role"u8, role);
        if (WriteContent(json, content, $"{param}.content", assistant: role == "assistant") is { } problem)
        {
            return problem;
        }

        if (role == "assistant")
        {
            leftOpen = true;
        }
        else
        {
            json.WriteEndObject();
        }

        return null;
    }

    /// <summary>
    /// <c>"content"</c>: a string as it is; parts translated — input_text and output_text → text, refusal → refusal (assistant),
    /// input_image → image_url, input_file → file, input_audio as it is.
    /// </summary>
    private static (string, string)? WriteContent(Utf8JsonWriter json, JsonElement content, string param, bool assistant)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            json.WritePropertyName("content"u8);
            content.WriteTo(json);
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return (param, "content must be a string or an array of content parts.");
        }

        json.WriteStartArray("content"u8);
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partParam = $"{param}[{index++}]";
            var type = TypeOf(part);
            json.WriteStartObject();
            switch (type)
            {
                case "input_text" or "output_text" when TryString(part, "text", out var text):
                    json.WriteString("type"u8, "text"u8);
                    json.WriteString("text"u8, text);
                    break;
                case "refusal" when assistant && TryString(part, "refusal", out var refusal):
                    json.WriteString("type"u8, "refusal"u8);
                    json.WriteString("refusal"u8, refusal);
                    break;
                case "input_image" when !assistant && TryString(part, "image_url", out var url):
                    json.WriteString("type"u8, "image_url"u8);
                    json.WriteStartObject("image_url"u8);
                    json.WriteString("url"u8, url);
                    if (TryString(part, "detail", out var detail))
                    {
                        json.WriteString("detail"u8, detail);
                    }

                    json.WriteEndObject();
                    break;
                case "input_file" when !assistant:
                    WriteNested(json, "file", part, "file_id", "file_data", "filename");
                    break;
                case "input_audio" when !assistant && part.TryGetProperty("input_audio", out var audio):
                    json.WriteString("type"u8, "input_audio"u8);
                    json.WritePropertyName("input_audio"u8);
                    audio.WriteTo(json);
                    break;
                default:
                    return ($"{partParam}.type", assistant
                        ? "An assistant message's parts must be output_text or refusal."
                        : "Content parts must be input_text, input_image (with image_url), input_file or input_audio.");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        return null;
    }

    /// <summary>
    /// <c>"type": type</c> and <c>type: {…}</c> holding the named properties of <paramref name="source"/>: how chat nests what
    /// the Responses API writes flat (a function tool, a json_schema format, a file part).
    /// </summary>
    private static void WriteNested(Utf8JsonWriter json, string type, JsonElement source, params ReadOnlySpan<string> names)
    {
        json.WriteString("type"u8, type);
        json.WriteStartObject(type);
        foreach (var property in source.EnumerateObject())
        {
            if (names.Contains(property.Name))
            {
                property.WriteTo(json);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, role);
        json.WriteString("content"u8, content);
        json.WriteEndObject();
    }

    /// <summary>The <c>type</c> of an object, when it is a string.</summary>
    private static string? TypeOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && TryString(element, "type", out var type) ? type : null;

    private static bool TryString(JsonElement item, string name, out string value)
    {
        if (item.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }
}

/// <summary>What a Response object repeats of its request (OpenAI's Response echoes its parameters).</summary>
internal sealed class ResponsesEcho
{
    public string? Instructions { get; set; }

    public int? MaxOutputTokens { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    public string? User { get; set; }

    public bool ParallelToolCalls { get; set; } = true;

    public bool Stream { get; set; }

    public JsonElement? Tools { get; set; }

    public JsonElement? ToolChoice { get; set; }

    public JsonElement? Text { get; set; }

    public JsonElement? Metadata { get; set; }
}

/// <param name="ChatBody">The chat completions body, UTF-8; null with <paramref name="Failure"/>.</param>
internal readonly record struct TranslatedResponsesRequest(byte[]? ChatBody, ResponsesEcho Echo, GatewayFailure? Failure);
