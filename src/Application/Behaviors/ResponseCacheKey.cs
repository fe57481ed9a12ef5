using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// SHA-256 over a canonical, length-prefixed encoding of everything that decides an answer: policy version,
/// role, model, max_tokens, sampling parameters, stop sequences and every message. Length prefixes make the encoding
/// unambiguous (no two requests share an encoding); the key holds no prompt text.
/// </summary>
public static class ResponseCacheKey
{
    private const string Prefix = "v1:";

    public static string Compute(ChatRequest chat, Role role, long policyVersion)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var writer = new ArrayBufferWriter<byte>(256);
        WriteInt64(writer, policyVersion);
        WriteInt64(writer, (long)role);
        WriteString(writer, chat.Model);
        WriteInt64(writer, chat.MaxTokens ?? -1);
        WriteDouble(writer, chat.Temperature);
        WriteDouble(writer, chat.TopP);
        WriteInt64(writer, chat.Stop?.Count ?? 0);
        if (chat.Stop is { } stop)
        {
            foreach (var sequence in stop)
            {
                WriteString(writer, sequence);
            }
        }

        WriteInt64(writer, chat.Messages.Count);
        foreach (var message in chat.Messages)
        {
            WriteInt64(writer, (long)message.Role);
            WriteString(writer, message.Content);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(writer.WrittenSpan, hash);
        return string.Concat(Prefix, Convert.ToHexStringLower(hash));
    }

    private static void WriteInt64(ArrayBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(sizeof(long)), value);
        writer.Advance(sizeof(long));
    }

    private static void WriteDouble(ArrayBufferWriter<byte> writer, double? value)
    {
        // NaN marks "not given", distinct from every value a caller can send.
        BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(sizeof(double)), value ?? double.NaN);
        writer.Advance(sizeof(double));
    }

    private static void WriteString(ArrayBufferWriter<byte> writer, string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteInt64(writer, byteCount);
        Encoding.UTF8.GetBytes(value, writer.GetSpan(byteCount));
        writer.Advance(byteCount);
    }
}
