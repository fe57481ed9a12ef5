using System.Security.Cryptography;
using System.Text;

namespace LlmGateway.Application.Common;

/// <summary>
/// What logs may say about a prompt or an answer: its length and a short hash, enough to correlate
/// repeats and to match a report against a request, never enough to read the text back.
/// </summary>
public readonly record struct TextFingerprint(int Length, string Hash)
{
    public static TextFingerprint Of(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = maxBytes <= 1024 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var written = Encoding.UTF8.GetBytes(text, buffer);
        SHA256.HashData(buffer[..written], hash);
        return new TextFingerprint(text.Length, Convert.ToHexStringLower(hash[..6]));
    }
}
