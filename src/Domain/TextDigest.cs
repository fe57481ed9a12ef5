using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace LlmGateway.Domain;

/// <summary>
/// The SHA-256 of a string's UTF-16 code units, as four words: a key for caches of results computed from a text
/// (token validations, inspection verdicts) that holds no part of the text and that nobody can make collide.
/// </summary>
public readonly record struct TextDigest(ulong A, ulong B, ulong C, ulong D)
{
    public static TextDigest Of(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(text.AsSpan()), hash);
        var words = MemoryMarshal.Cast<byte, ulong>(hash);
        return new TextDigest(words[0], words[1], words[2], words[3]);
    }
}
