using System.Security.Cryptography;
using System.Text;

namespace LlmGateway.Application.Common;

/// <summary>
/// What logs may say about a prompt or an answer: its length and a short keyed hash (<see cref="TextFingerprinter"/>),
/// enough to correlate repeats and to match a report against a request, never enough to read the text back.
/// </summary>
public readonly record struct TextFingerprint(int Length, string Hash);

/// <summary>
/// Makes <see cref="TextFingerprint"/>s: HMAC-SHA-256 under a server secret (LOG_FINGERPRINT_KEY), cut to 12 hex
/// digits. An unkeyed hash would let anyone holding the logs confirm a guessed short prompt ("yes", a name, a
/// number) by hashing it; without the key they cannot. Without a configured key each process draws a random one:
/// fingerprints then match only within one process's lifetime, not across instances or restarts.
/// </summary>
public sealed partial class TextFingerprinter
{
    /// <summary>Characters encoded per step: the UTF-8 buffer stays on the stack whatever the text's length.</summary>
    private const int CharsPerStep = 256;

    private readonly byte[] _key;

    public TextFingerprinter(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("The fingerprint key must not be empty.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>The configured key, or a random per-process one (said once in the log).</summary>
    public static TextFingerprinter Create(string? configuredKey, ILogger logger)
    {
        if (!string.IsNullOrEmpty(configuredKey))
        {
            return new TextFingerprinter(Encoding.UTF8.GetBytes(configuredKey));
        }

        LogRandomKey(logger);
        return new TextFingerprinter(RandomNumberGenerator.GetBytes(32));
    }

    public TextFingerprint Of(string text)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> buffer = stackalloc byte[CharsPerStep * 3];
        if (text.Length <= CharsPerStep)
        {
            HMACSHA256.HashData(_key, buffer[..Encoding.UTF8.GetBytes(text, buffer)], hash);
        }
        else
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
            var rest = text.AsSpan();
            while (!rest.IsEmpty)
            {
                var take = Math.Min(CharsPerStep, rest.Length);
                if (take < rest.Length && char.IsHighSurrogate(rest[take - 1]))
                {
                    take--; // keep a surrogate pair in one step, so the bytes equal the whole text's UTF-8
                }

                hmac.AppendData(buffer[..Encoding.UTF8.GetBytes(rest[..take], buffer)]);
                rest = rest[take..];
            }

            hmac.GetHashAndReset(hash);
        }

        return new TextFingerprint(text.Length, Convert.ToHexStringLower(hash[..6]));
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning,
        Message = "LOG_FINGERPRINT_KEY is not set: prompt fingerprints in the logs are keyed with a random per-process key, so they match only within this process")]
    private static partial void LogRandomKey(ILogger logger);
}
