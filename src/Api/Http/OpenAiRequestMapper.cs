using System.Text;
using System.Text.Json;
using LlmGateway.Api.Contracts;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Api.Http;

/// <summary>
/// OpenAI's request shape → the gateway's <see cref="ChatRequest"/>. Shape problems (an unknown role, content
/// that is neither text nor text parts, a feature the gateway does not serve) are refused here, each naming
/// its parameter; the validator then checks the values.
/// </summary>
internal static class OpenAiRequestMapper
{
    private const string InvalidText = "The text is not valid Unicode (invalid UTF-8 bytes or a lone surrogate escape).";

    public static (ChatRequest? Chat, GatewayFailure? Failure) ToChatRequest(ChatCompletionsRequest body, string defaultModel)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.N is not (null or 1))
        {
            errors["n"] = ["Only n = 1 is supported."];
        }

        if (IsPresent(body.Tools) || IsPresent(body.Functions))
        {
            errors[IsPresent(body.Tools) ? "tools" : "functions"] = ["Tool and function calling are not supported by this gateway."];
        }

        if (IsPresent(body.ResponseFormat) && !IsTextFormat(body.ResponseFormat!.Value))
        {
            errors["response_format"] = ["Only response_format {\"type\": \"text\"} is supported."];
        }

        var messages = new List<ChatMessage>(body.Messages?.Count ?? 0);
        if (body.Messages is not null)
        {
            for (var i = 0; i < body.Messages.Count; i++)
            {
                if (ToMessage(body.Messages[i], out var message) is { } problem)
                {
                    errors[$"messages[{i}]"] = [problem];
                }
                else
                {
                    messages.Add(message!);
                }
            }
        }

        var stop = ToStop(body.Stop, errors);
        if (errors.Count > 0)
        {
            var first = errors.First();
            return (null, new GatewayFailure(GatewayError.ValidationFailed, $"{first.Key}: {first.Value[0]}") { Errors = errors });
        }

        var chat = new ChatRequest(
            messages,
            string.IsNullOrEmpty(body.Model) ? defaultModel : body.Model,
            body.MaxCompletionTokens ?? body.MaxTokens,
            body.Temperature,
            body.TopP,
            stop,
            body.User);
        return (chat, null);
    }

    private static string? ToMessage(ChatMessageRequest? request, out ChatMessage? message)
    {
        message = null;
        if (request is null)
        {
            return "A message must be an object with role and content.";
        }

        ChatRole? role = request.Role switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            _ => null,
        };
        if (role is null)
        {
            return request.Role is "tool" or "function"
                ? "Tool and function messages are not supported by this gateway."
                : "role must be one of system, developer, user, assistant.";
        }

        if (ContentText(request.Content, out var text) is { } problem)
        {
            return problem;
        }

        if (text is null && role != ChatRole.Assistant)
        {
            return "content is required.";
        }

        message = new ChatMessage(role.Value, text ?? string.Empty);
        return null;
    }

    private static string? ContentText(JsonElement? content, out string? text)
    {
        text = null;
        if (content is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            return TryReadText(element, out text) ? null : InvalidText;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return "content must be a string or an array of text parts.";
        }

        var builder = new StringBuilder();
        foreach (var part in element.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object
                || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !type.ValueEquals("text")
                || !part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
            {
                return "Only text content parts ({\"type\": \"text\", \"text\": ...}) are supported.";
            }

            if (!TryReadText(partText, out var partString))
            {
                return InvalidText;
            }

            // Parts are joined as the model would read them: one after another.
            builder.Append(partString);
        }

        text = builder.ToString();
        return null;
    }

    private static List<string>? ToStop(JsonElement? stop, Dictionary<string, string[]> errors)
    {
        if (stop is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            if (TryReadText(element, out var single))
            {
                return [single];
            }

            errors["stop"] = [InvalidText];
            return null;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            var sequences = new List<string>();
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    errors["stop"] = ["stop must be a string or an array of strings."];
                    return null;
                }

                if (!TryReadText(item, out var sequence))
                {
                    errors["stop"] = [InvalidText];
                    return null;
                }

                sequences.Add(sequence);
            }

            return sequences;
        }

        errors["stop"] = ["stop must be a string or an array of strings."];
        return null;
    }

    private static bool IsPresent(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null };

    private static bool IsTextFormat(JsonElement format) =>
        format.ValueKind == JsonValueKind.Object
        && format.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String
        && type.ValueEquals("text");

    /// <summary>
    /// A JsonElement keeps its string undecoded, so invalid UTF-8 or a lone surrogate escape (<c>\ud800</c>) only
    /// shows when the text is read — as an InvalidOperationException, which would otherwise be a 500.
    /// </summary>
    private static bool TryReadText(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }
}
