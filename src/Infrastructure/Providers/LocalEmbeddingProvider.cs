using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The built-in stand-in for an embedding model, for tests and development only: offline, deterministic and instant. Each
/// text becomes a hashed bag of its lower-cased words (feature hashing, a signed bucket per word), normalised to length 1,
/// so texts sharing words are closer than texts that do not — enough to try a retrieval flow end to end, nothing like a
/// model's semantics. Answers in OpenAI's shape, floats or base64 as asked, <see cref="DefaultDimensions"/> long unless
/// <c>dimensions</c> says otherwise; usage is estimated.
/// </summary>
internal static class LocalEmbeddingProvider
{
    public const string ModelName = "local-embedding";
    public const int DefaultDimensions = 256;

    public static EmbeddingAnswer Embed(ChatRequest request, EmbeddingFormat format)
    {
        var dimensions = format.Dimensions ?? DefaultDimensions;
        var vector = new float[dimensions];
        var bytes = format.Base64 ? new byte[dimensions * sizeof(float)] : null;
        var buffer = new ArrayBufferWriter<byte>(256 + (request.Messages.Count * dimensions * 12));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object"u8, "list"u8);
            json.WriteStartArray("data"u8);
            for (var i = 0; i < request.Messages.Count; i++)
            {
                Vector(request.Messages[i].Content, vector);
                json.WriteStartObject();
                json.WriteString("object"u8, "embedding"u8);
                json.WriteNumber("index"u8, i);
                if (bytes is not null)
                {
                    for (var d = 0; d < vector.Length; d++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(d * sizeof(float)), vector[d]);
                    }

                    json.WriteBase64String("embedding"u8, bytes);
                }
                else
                {
                    json.WriteStartArray("embedding"u8);
                    foreach (var value in vector)
                    {
                        json.WriteNumberValue(value);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("model"u8, ModelName);
            var tokens = request.EstimatePromptTokens();
            json.WriteStartObject("usage"u8);
            json.WriteNumber("prompt_tokens"u8, tokens);
            json.WriteNumber("total_tokens"u8, tokens);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return new EmbeddingAnswer(buffer.WrittenMemory, LocalChatProvider.ProviderName, new TokenUsage(request.EstimatePromptTokens(), 0, Estimated: true));
    }

    /// <summary>Feature hashing of the words of <paramref name="text"/> into <paramref name="vector"/>, then unit length.</summary>
    private static void Vector(string text, float[] vector)
    {
        Array.Clear(vector);
        var hash = FnvOffset;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                hash = (hash ^ char.ToLowerInvariant(c)) * FnvPrime;
                inWord = true;
            }
            else if (inWord)
            {
                Add(hash, vector);
                hash = FnvOffset;
                inWord = false;
            }
        }

        if (inWord)
        {
            Add(hash, vector);
        }

        var norm = 0d;
        foreach (var value in vector)
        {
            norm += value * value;
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] *= scale;
            }
        }
    }

    private static void Add(uint hash, float[] vector) => vector[(int)(hash % (uint)vector.Length)] += (hash & 0x80000000) == 0 ? 1 : -1;

    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;
}
