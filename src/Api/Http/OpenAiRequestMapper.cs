using System.Text;
using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Api.Http;

/// <summary>
/// OpenAI's request body → the gateway's <see cref="ChatRequest"/>, read once, forward only, with
/// <see cref="Utf8JsonReader"/>: only what the gateway inspects or rewrites is decoded (model, the text of every message,
/// token limits, sampling, stop, user, n, stream, response_format's type); every other top-level field is remembered as a
/// byte range and sent on unchanged (<see cref="ForwardedRequest"/>), fields OpenAI adds tomorrow included. Shape problems
/// (an unknown role, content that is neither text nor content parts) are refused here, each naming its parameter; the
/// validator then checks the values. A body that is not a JSON object throws <see cref="JsonException"/>.
/// </summary>
/// <remarks>
/// Everything the model reads as text is input and goes to inspection with its role: system and developer messages,
/// user messages' text parts, the assistant's earlier answers with the names and arguments of its tool calls, and tool
/// results — read as the role <c>user</c>, since they come from outside the application — and a message's <c>name</c> and
/// any field of a message the gateway does not know. The tool definitions and a <c>json_schema</c> output format are read
/// too (names, descriptions, parameter names): they come first as one system message marked
/// <see cref="ChatMessage.IsDefinitions"/>. So is every top-level field the gateway does not know (an OpenAI-compatible
/// server may put vLLM's <c>documents</c> or <c>chat_template_kwargs</c> in front of the model), as one such message with
/// the role <c>user</c>, since its text may come from anywhere. The fields themselves are forwarded as sent. A request's
/// own <c>chat_template</c> is refused. Image, audio and file parts are not text: they are forwarded, not inspected.
/// </remarks>
internal static partial class OpenAiRequestMapper
{
    public const int MaxChoices = 128;

    private const string InvalidText = "The text is not valid Unicode (invalid UTF-8 bytes or a lone surrogate escape).";
    private const string StopShape = "stop must be a string or an array of strings.";
    private const string ChatTemplateRefused =
        "chat_template is refused: a template sent with the request decides how each role reaches the model, past what the gateway inspected.";

    /// <param name="refused">Kinds of content part the policy refuses: a message carrying one is refused, naming it.</param>
    public static MappedChatRequest ToChatRequest(ReadOnlyMemory<byte> body, string defaultModel, InputParts refused = InputParts.None)
    {
        var reader = OpenObject(body);

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fields = new List<ForwardedField>(12);
        var messages = new List<ChatMessage>();
        StringBuilder? definitions = null; // most requests have no tools: no builder for them
        StringBuilder? otherFields = null;
        string? model = null;
        string? user = null;
        int? maxTokens = null;
        int? maxCompletionTokens = null;
        double? temperature = null;
        double? topP = null;
        List<string>? stop = null;
        var stream = false;
        var includeUsage = false;
        var choices = 1;
        var jsonOutput = false;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var field = Known(ref reader);
            if (field > Field.NotDeciding && (seen & (1 << (int)field)) != 0)
            {
                // Inspection would read one copy and the provider might use the other.
                errors[reader.GetString()!] = ["The field appears more than once."];
            }

            seen |= 1 << (int)field;
            var unknownName = field == Field.Other ? reader.GetString() : null;
            reader.Read();
            switch (field)
            {
                case Field.Model:
                    model = OptionalString(ref reader, "model", "model must be a string.", errors);
                    break;
                case Field.Messages:
                    ReadMessages(ref reader, messages, refused, errors);
                    break;
                case Field.MaxTokens:
                    maxTokens = OptionalInt(ref reader, "max_tokens", errors);
                    break;
                case Field.MaxCompletionTokens:
                    maxCompletionTokens = OptionalInt(ref reader, "max_completion_tokens", errors);
                    break;
                case Field.Temperature:
                    temperature = OptionalDouble(ref reader, "temperature", errors);
                    break;
                case Field.TopP:
                    topP = OptionalDouble(ref reader, "top_p", errors);
                    break;
                case Field.Stop:
                    stop = ReadStop(ref reader, errors);
                    break;
                case Field.User:
                    user = OptionalString(ref reader, "user", "user must be a string.", errors);
                    break;
                case Field.Stream:
                    stream = reader.TokenType == JsonTokenType.True;
                    if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                    {
                        errors["stream"] = ["stream must be a boolean."];
                    }

                    reader.Skip();
                    break;
                case Field.StreamOptions:
                    includeUsage = ReadIncludeUsage(ref reader);
                    break;
                case Field.N:
                    choices = OptionalInt(ref reader, "n", errors) ?? 1;
                    if (choices is < 1 or > MaxChoices)
                    {
                        errors["n"] = [$"n must be between 1 and {MaxChoices}."];
                    }

                    break;
                case Field.ResponseFormat:
                    jsonOutput = ReadResponseFormat(ref reader, ref definitions, errors);
                    break;
                case Field.Tools or Field.Functions:
                    if (AppendDefinitions(ref reader, definitions ??= new StringBuilder()) is { } toolProblem)
                    {
                        errors[field == Field.Tools ? "tools" : "functions"] = [toolProblem];
                    }

                    break;
                case Field.ChatTemplate:
                    errors["chat_template"] = [ChatTemplateRefused];
                    reader.Skip();
                    break;
                case Field.Other:
                    // A field the gateway does not know may still reach the model: OpenAI's predicted output, an
                    // OpenAI-compatible server's retrieved documents or template arguments. Like a tool result, its text
                    // may come from anywhere: it is read as user input.
                    if (AppendStrings(ref reader, otherFields ??= new StringBuilder(), withNames: true) is { } otherProblem)
                    {
                        errors[unknownName!] = [otherProblem];
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }

            if (IsForwarded(field))
            {
                fields.Add(new ForwardedField(start, (int)reader.BytesConsumed - start, DecidesAnswer: field != Field.NotDeciding));
            }
        }

        if (errors.Count > 0)
        {
            return new MappedChatRequest(null, stream, includeUsage, Invalid(errors));
        }

        if (otherFields is { Length: > 0 })
        {
            messages.Insert(0, new ChatMessage(ChatRole.User, otherFields.ToString()) { IsDefinitions = true });
        }

        if (definitions is { Length: > 0 })
        {
            messages.Insert(0, new ChatMessage(ChatRole.System, definitions.ToString()) { IsDefinitions = true });
        }

        var chat = new ChatRequest(
            messages,
            string.IsNullOrEmpty(model) ? defaultModel : model,
            maxCompletionTokens ?? maxTokens,
            temperature,
            topP,
            stop,
            user)
        {
            Forwarded = new ForwardedRequest(body, fields),
            JsonOutput = jsonOutput,
            ChoiceCount = choices,
        };
        return new MappedChatRequest(chat, stream, includeUsage, null);
    }

    private enum Field
    {
        Other,
        Setting,
        NotDeciding,
        Model,
        Messages,
        MaxTokens,
        MaxCompletionTokens,
        Temperature,
        TopP,
        Stop,
        User,
        Stream,
        StreamOptions,
        N,
        ResponseFormat,
        Tools,
        Functions,
        ChatTemplate,
    }

    private static readonly byte[][] Settings =
    [
        "seed"u8.ToArray(), "logprobs"u8.ToArray(), "top_logprobs"u8.ToArray(), "logit_bias"u8.ToArray(), "frequency_penalty"u8.ToArray(),
        "presence_penalty"u8.ToArray(), "tool_choice"u8.ToArray(), "parallel_tool_calls"u8.ToArray(), "function_call"u8.ToArray(),
        "service_tier"u8.ToArray(), "reasoning_effort"u8.ToArray(), "verbosity"u8.ToArray(), "modalities"u8.ToArray(), "audio"u8.ToArray(),
        "web_search_options"u8.ToArray(),
    ];

    private static Field Known(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("model"u8))
        {
            return Field.Model;
        }

        if (reader.ValueTextEquals("messages"u8))
        {
            return Field.Messages;
        }

        if (reader.ValueTextEquals("max_tokens"u8))
        {
            return Field.MaxTokens;
        }

        if (reader.ValueTextEquals("max_completion_tokens"u8))
        {
            return Field.MaxCompletionTokens;
        }

        if (reader.ValueTextEquals("temperature"u8))
        {
            return Field.Temperature;
        }

        if (reader.ValueTextEquals("top_p"u8))
        {
            return Field.TopP;
        }

        if (reader.ValueTextEquals("stop"u8))
        {
            return Field.Stop;
        }

        if (reader.ValueTextEquals("user"u8))
        {
            return Field.User;
        }

        if (reader.ValueTextEquals("stream"u8))
        {
            return Field.Stream;
        }

        if (reader.ValueTextEquals("stream_options"u8))
        {
            return Field.StreamOptions;
        }

        if (reader.ValueTextEquals("n"u8))
        {
            return Field.N;
        }

        if (reader.ValueTextEquals("response_format"u8))
        {
            return Field.ResponseFormat;
        }

        if (reader.ValueTextEquals("tools"u8))
        {
            return Field.Tools;
        }

        if (reader.ValueTextEquals("functions"u8))
        {
            // The deprecated form of tools: definitions the model reads all the same.
            return Field.Functions;
        }

        if (reader.ValueTextEquals("chat_template"u8))
        {
            return Field.ChatTemplate;
        }

        // OpenAI's parameters that steer the answer without text the model reads (a tool_choice names a tool already read).
        foreach (var setting in Settings)
        {
            if (reader.ValueTextEquals(setting))
            {
                return Field.Setting;
            }
        }

        // Bookkeeping for the caller's own side (stored completions, its labels): no answer depends on it.
        return reader.ValueTextEquals("metadata"u8) || reader.ValueTextEquals("store"u8) || reader.ValueTextEquals("safety_identifier"u8)
            || reader.ValueTextEquals("prompt_cache_key"u8)
            ? Field.NotDeciding
            : Field.Other;
    }

    /// <summary>The fields the provider writes itself (model, token cap, user, stream) are not copied from the client.</summary>
    private static bool IsForwarded(Field field) => field is not (Field.Model or Field.MaxTokens or Field.MaxCompletionTokens or Field.User or Field.Stream or Field.StreamOptions);

    private static void ReadMessages(ref Utf8JsonReader reader, List<ChatMessage> messages, InputParts refused, Dictionary<string, string[]> errors)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            errors["messages"] = ["messages must be an array of messages."];
            reader.Skip();
            return;
        }

        var text = new StringBuilder();
        for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
        {
            text.Clear();
            if (ReadMessage(ref reader, text, refused, out var role) is { } problem)
            {
                errors[$"messages[{i}]"] = [problem];
            }
            else
            {
                messages.Add(new ChatMessage(role, text.ToString()));
            }
        }
    }

    private static string? ReadMessage(ref Utf8JsonReader reader, StringBuilder text, InputParts refused, out ChatRole role)
    {
        role = ChatRole.User;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return "A message must be an object with role and content.";
        }

        string? roleName = null;
        string? problem = null;
        var hasContent = false;
        var hasToolCalls = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                // Given twice, the gateway would judge the message by one role and the provider might read the other.
                problem ??= roleName is null ? null : "role appears more than once.";
                reader.Read();
                roleName = reader.TokenType == JsonTokenType.String ? reader.GetString() : string.Empty;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                problem ??= ReadContent(ref reader, text, refused, out hasContent);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                hasToolCalls = reader.TokenType == JsonTokenType.StartArray;
                problem ??= ReadToolCalls(ref reader, text);
            }
            else if (reader.ValueTextEquals("function_call"u8) || reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                hasToolCalls |= reader.TokenType == JsonTokenType.StartObject;
                problem ??= AppendStrings(ref reader, text);
            }
            else if (reader.ValueTextEquals("tool_call_id"u8) || reader.ValueTextEquals("audio"u8))
            {
                // Ids the provider issued, not text.
                reader.Read();
                reader.Skip();
            }
            else
            {
                // The participant's name, and fields an OpenAI-compatible server may render into the prompt
                // (reasoning_content of an earlier answer): text of this message all the same.
                reader.Read();
                problem ??= AppendStrings(ref reader, text, withNames: true);
            }
        }

        ChatRole? known = roleName switch
        {
            "system" or "developer" => ChatRole.System,
            "user" or "tool" or "function" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            _ => null,
        };
        if (known is null)
        {
            return "role must be one of system, developer, user, assistant, tool.";
        }

        role = known.Value;
        if (problem is not null)
        {
            return problem;
        }

        return !hasContent && !(role == ChatRole.Assistant) ? "content is required." : null;
    }

    /// <summary>A string, or content parts: text parts are appended in order; image, audio and file parts are forwarded only.</summary>
    private static string? ReadContent(ref Utf8JsonReader reader, StringBuilder text, InputParts refused, out bool hasContent)
    {
        hasContent = true;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                hasContent = false;
                return null;
            case JsonTokenType.String:
                return Append(ref reader, text);
            case JsonTokenType.StartArray:
                break;
            default:
                reader.Skip();
                return "content must be a string or an array of content parts.";
        }

        // A problem is remembered and the rest of the array still read, so the reader ends on the array's end.
        string? problem = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                problem ??= "A content part must be an object with a type.";
                continue;
            }

            var kind = PartKind.Unknown;
            var media = InputParts.None;
            var partText = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    media = reader.ValueTextEquals("image_url"u8) ? InputParts.Image
                        : reader.ValueTextEquals("input_audio"u8) ? InputParts.Audio
                        : reader.ValueTextEquals("file"u8) ? InputParts.File
                        : InputParts.None;
                    kind = reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("refusal"u8) ? PartKind.Text
                        : media != InputParts.None ? PartKind.Media
                        : PartKind.Unknown;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("refusal"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        // Parts are joined as the model reads them: one after another.
                        problem ??= Append(ref reader, text, separate: false);
                        partText = true;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (kind == PartKind.Unknown || (kind == PartKind.Text && !partText))
            {
                // A part the gateway cannot read might carry text the model reads: it is refused, not passed uninspected.
                problem ??= "Content parts must be text ({\"type\": \"text\", \"text\": ...}), image_url, input_audio or file.";
            }
            else if ((media & refused) != InputParts.None)
            {
                problem ??= $"The policy does not allow {media.ToString().ToLowerInvariant()} parts.";
            }
        }

        return problem;
    }

    private enum PartKind
    {
        Unknown,
        Text,
        Media,
    }

    /// <summary>An assistant's earlier tool calls: the name and arguments of each are text the model reads again.</summary>
    private static string? ReadToolCalls(ref Utf8JsonReader reader, StringBuilder text)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return "tool_calls must be an array.";
        }

        return AppendStrings(ref reader, text);
    }

    /// <summary>
    /// Tool definitions or an output schema: every string value (names, descriptions, enum values) and every property
    /// name (a parameter's name is text the model reads too), each on its own line.
    /// </summary>
    private static string? AppendDefinitions(ref Utf8JsonReader reader, StringBuilder text) => AppendStrings(ref reader, text, withNames: true);

    /// <summary>Every string value inside the current object or array (names and arguments of calls), each on its own line.</summary>
    private static string? AppendStrings(ref Utf8JsonReader reader, StringBuilder text, bool withNames = false)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return Append(ref reader, text);
        }

        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return null;
        }

        var depth = reader.CurrentDepth;
        string? problem = null;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType == JsonTokenType.String || (withNames && reader.TokenType == JsonTokenType.PropertyName))
            {
                problem ??= Append(ref reader, text);
            }
        }

        return problem;
    }

    private static string? Append(ref Utf8JsonReader reader, StringBuilder text, bool separate = true)
    {
        if (!TryGetString(ref reader, out var value))
        {
            return InvalidText;
        }

        if (separate && text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(value);
        return null;
    }

    private static List<string>? ReadStop(ref Utf8JsonReader reader, Dictionary<string, string[]> errors)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                if (TryGetString(ref reader, out var single))
                {
                    return [single];
                }

                errors["stop"] = [InvalidText];
                return null;
            case JsonTokenType.StartArray:
                break;
            default:
                reader.Skip();
                errors["stop"] = [StopShape];
                return null;
        }

        var sequences = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                errors["stop"] = [StopShape];
                continue;
            }

            if (TryGetString(ref reader, out var sequence))
            {
                sequences.Add(sequence);
            }
            else
            {
                errors["stop"] = [InvalidText];
            }
        }

        return sequences;
    }

    /// <summary><c>stream_options</c> asks for the usage chunk: <c>{"include_usage": true}</c>.</summary>
    private static bool ReadIncludeUsage(ref Utf8JsonReader reader) =>
        HasField(ref reader, "include_usage"u8, static (ref Utf8JsonReader value) => value.TokenType == JsonTokenType.True);

    /// <summary>
    /// Whether <c>response_format</c> asks for JSON (<c>{"type": "json_object"}</c> or <c>{"type": "json_schema", ...}</c>);
    /// a schema's names and descriptions, which the model reads, are appended to <paramref name="definitions"/>.
    /// </summary>
    private static bool ReadResponseFormat(ref Utf8JsonReader reader, ref StringBuilder? definitions, Dictionary<string, string[]> errors)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        var json = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                json = reader.ValueTextEquals("json_object"u8) || reader.ValueTextEquals("json_schema"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("json_schema"u8))
            {
                reader.Read();
                if (AppendDefinitions(ref reader, definitions ??= new StringBuilder()) is { } problem)
                {
                    errors["response_format"] = [problem];
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return json;
    }

    private delegate bool ValueTest(ref Utf8JsonReader value);

    /// <summary>An object with a field <paramref name="name"/> whose value passes <paramref name="test"/>; the object (or whatever stands there) is read past.</summary>
    private static bool HasField(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ValueTest test)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isField = reader.ValueTextEquals(name);
            reader.Read();
            found |= isField && test(ref reader);
            reader.Skip();
        }

        return found;
    }

    private static string? OptionalString(ref Utf8JsonReader reader, string name, string shape, Dictionary<string, string[]> errors)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            errors[name] = [shape];
            return null;
        }

        if (TryGetString(ref reader, out var value))
        {
            return value;
        }

        errors[name] = [InvalidText];
        return null;
    }

    private static int? OptionalInt(ref Utf8JsonReader reader, string name, Dictionary<string, string[]> errors) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : NoValue<int>(ref reader, name, "an integer", errors);

    private static double? OptionalDouble(ref Utf8JsonReader reader, string name, Dictionary<string, string[]> errors) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) ? value : NoValue<double>(ref reader, name, "a number", errors);

    /// <summary>A number field without the number it takes: null leaves it unset; anything else is read past and named.</summary>
    private static T? NoValue<T>(ref Utf8JsonReader reader, string name, string kind, Dictionary<string, string[]> errors)
        where T : struct
    {
        if (reader.TokenType != JsonTokenType.Null)
        {
            reader.Skip();
            errors[name] = [$"{name} must be {kind}."];
        }

        return null;
    }

    /// <summary>Invalid UTF-8 or a lone surrogate escape (<c>\ud800</c>) only shows when the text is decoded.</summary>
    private static bool TryGetString(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <summary>A reader on the body, past the <c>{</c> that opens it.</summary>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    private static Utf8JsonReader OpenObject(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The request body is not a JSON object.");
        }

        return reader;
    }

    /// <summary>The one 400 for every shape problem found, named by the first one's parameter.</summary>
    private static GatewayFailure Invalid(Dictionary<string, string[]> errors)
    {
        foreach (var (first, messages) in errors)
        {
            return new GatewayFailure(GatewayError.ValidationFailed, $"{first}: {messages[0]}") { Errors = errors };
        }

        throw new ArgumentException("No problem was found.", nameof(errors));
    }
}

/// <summary>The request as the pipeline reads it, or why it cannot be read; <see cref="Stream"/> and <see cref="IncludeUsage"/> are for the edge.</summary>
internal readonly record struct MappedChatRequest(ChatRequest? Chat, bool Stream, bool IncludeUsage, GatewayFailure? Failure);
