using System.Security.Cryptography;
using System.Text;

namespace LlmGateway.Application.Common;

/// <summary>
/// What logs may say about a prompt or an answer: its length and a short hash, enough to correlate
/// repeats and to match a report against a request, never enough to read the text back.
/// </summary>
public readonly record struct TextFingerprint(int Length, string Hash)
{
    /// <summary>Characters encoded per step: the UTF-8 buffer stays on the stack whatever the text's length.</summary>
    private const int CharsPerStep = 256;

    public static TextFingerprint Of(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> buffer = stackalloc byte[CharsPerStep * 3];
        if (text.Length <= CharsPerStep)
        {
            SHA256.HashData(buffer[..Encoding.UTF8.GetBytes(text, buffer)], hash);
        }
        else
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var rest = text.AsSpan();
            while (!rest.IsEmpty)
            {
                var take = Math.Min(CharsPerStep, rest.Length);
                if (take < rest.Length && char.IsHighSurrogate(rest[take - 1]))
                {
                    take--; // keep a surrogate pair in one step, so the bytes equal the whole text's UTF-8
                }

                sha.AppendData(buffer[..Encoding.UTF8.GetBytes(rest[..take], buffer)]);
                rest = rest[take..];
            }

            sha.GetHashAndReset(hash);
        }

        return new TextFingerprint(text.Length, Convert.ToHexStringLower(hash[..6]));
    }
}
