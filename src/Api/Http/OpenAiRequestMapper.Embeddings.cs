using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Api.Http;

internal static partial class OpenAiRequestMapper
{
    /// <summary>
    /// OpenAI's embeddings body → the texts the pipeline checks (one user message per input, in order) and the client's
    /// body for the provider: <c>model</c> and <c>user</c> are written by the gateway, every other field is forwarded as it
    /// came. Token arrays carry no text the gateway can read: with <paramref name="refuseTokens"/> (the policy checks input
    /// text) they are refused naming <c>input</c>; otherwise each is forwarded and checked as an empty text.
    /// </summary>
    public static MappedEmbeddingsRequest ToEmbeddingsRequest(ReadOnlyMemory<byte> body, string defaultModel, bool refuseTokens)
    {
        var reader = OpenObject(body);

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fields = new List<ForwardedField>(4);
        var inputs = new List<ChatMessage>();
        string? model = null;
        string? user = null;
        int? dimensions = null;
        var base64 = false;
        var hasInput = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var forwarded = true;
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                model = OptionalString(ref reader, "model", "model must be a string.", errors);
                forwarded = false;
            }
            else if (reader.ValueTextEquals("user"u8))
            {
                reader.Read();
                user = OptionalString(ref reader, "user", "user must be a string.", errors);
                forwarded = false;
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                if (hasInput)
                {
                    errors["input"] = ["The field appears more than once."];
                }

                hasInput = true;
                reader.Read();
                ReadInputs(ref reader, inputs, refuseTokens, errors);
            }
            else if (reader.ValueTextEquals("encoding_format"u8))
            {
                reader.Read();
                var format = OptionalString(ref reader, "encoding_format", "encoding_format must be float or base64.", errors);
                base64 = format == "base64";
                if (format is not (null or "float" or "base64"))
                {
                    errors["encoding_format"] = ["encoding_format must be float or base64."];
                }
            }
            else if (reader.ValueTextEquals("dimensions"u8))
            {
                reader.Read();
                dimensions = OptionalInt(ref reader, "dimensions", errors);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }

            if (forwarded)
            {
                fields.Add(new ForwardedField(start, (int)reader.BytesConsumed - start, DecidesAnswer: true));
            }
        }

        if (!hasInput)
        {
            errors["input"] = ["input is required."];
        }

        if (errors.Count > 0)
        {
            return new MappedEmbeddingsRequest(null, default, Invalid(errors));
        }

        var chat = new ChatRequest(inputs, string.IsNullOrEmpty(model) ? defaultModel : model, MaxTokens: null, EndUser: user)
        {
            Forwarded = new ForwardedRequest(body, fields),
        };
        return new MappedEmbeddingsRequest(chat, new EmbeddingFormat(base64, dimensions), null);
    }

    /// <summary>A string, an array of strings, a token array (numbers) or an array of token arrays.</summary>
    private static void ReadInputs(ref Utf8JsonReader reader, List<ChatMessage> inputs, bool refuseTokens, Dictionary<string, string[]> errors)
    {
        const string Shape = "input must be a string, an array of strings or an array of token arrays.";
        const string Tokens = "Token arrays cannot be checked by the gateway's policy (prompt inspection, blocked terms); send the text instead.";
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                AddInput(ref reader, inputs, errors);
                return;
            case JsonTokenType.StartArray:
                break;
            default:
                reader.Skip();
                errors["input"] = [Shape];
                return;
        }

        var tokens = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    AddInput(ref reader, inputs, errors);
                    break;
                case JsonTokenType.Number when !tokens:
                    // One token array: the whole input is one text the gateway cannot read.
                    tokens = true;
                    inputs.Add(new ChatMessage(ChatRole.User, string.Empty));
                    break;
                case JsonTokenType.Number:
                    break;
                case JsonTokenType.StartArray:
                    reader.Skip();
                    tokens = true;
                    inputs.Add(new ChatMessage(ChatRole.User, string.Empty));
                    break;
                default:
                    reader.Skip();
                    errors["input"] = [Shape];
                    break;
            }
        }

        if (tokens && refuseTokens)
        {
            errors["input"] = [Tokens];
        }
    }

    private static void AddInput(ref Utf8JsonReader reader, List<ChatMessage> inputs, Dictionary<string, string[]> errors)
    {
        if (TryGetString(ref reader, out var text))
        {
            inputs.Add(new ChatMessage(ChatRole.User, text));
        }
        else
        {
            errors["input"] = [InvalidText];
        }
    }
}

/// <summary>The embeddings request as the pipeline reads it, or why it cannot be read.</summary>
internal readonly record struct MappedEmbeddingsRequest(ChatRequest? Chat, EmbeddingFormat Format, GatewayFailure? Failure);
