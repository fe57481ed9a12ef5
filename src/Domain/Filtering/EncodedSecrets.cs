using System.Buffers;
using System.Text.RegularExpressions;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Secrets hidden in an encoded run: base64 (standard or URL-safe) or hex that decodes to printable text in which the
/// selected secret detectors find a secret. The whole run is redacted, as <see cref="Type"/>. URL escapes need no
/// decoding here: <see cref="OutputNormalizer"/> reads them as the characters they stand for.
/// </summary>
internal static partial class EncodedSecrets
{
    public const string Type = "encoded_secret";

    /// <summary>The shortest run decoded: 18 bytes, shorter than any key a detector knows.</summary>
    public const int MinLength = 24;

    /// <summary>The longest run decoded: a 4096-bit RSA key in PEM, base64-encoded again, fits.</summary>
    public const int MaxLength = 8192;

    private const string RunChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-";

    internal static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Where a run can start: at the start of a run of base64 characters at least <see cref="MinLength"/> long.</summary>
    public static MatchStartFinder Starts { get; } = MatchStarts.LongRuns(RunChars, MinLength);

    [GeneratedRegex(@"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,8192}={0,2}", RegexOptions.CultureInvariant)]
    public static partial Regex Run();

    /// <summary>
    /// The text <paramref name="run"/> encodes, when it is hex or base64 of printable ASCII; null otherwise. A base64 run
    /// glued to a word (<c>key_QUtJQ…</c>) is also tried from after each '_' or '-' near its start.
    /// </summary>
    public static string? Decode(ReadOnlySpan<char> run)
    {
        var body = run.TrimEnd('=');
        if (body.Length >= 32 && body.Length % 2 == 0 && !body.ContainsAnyExcept(Hex))
        {
            return DecodeHex(body);
        }

        var decoded = DecodeBase64(body);
        for (var i = 0; decoded is null && i < Math.Min(body.Length - MinLength, 16); i++)
        {
            if (body[i] is '_' or '-')
            {
                decoded = DecodeBase64(body[(i + 1)..]);
            }
        }

        return decoded;
    }

    private static string? DecodeHex(ReadOnlySpan<char> hex)
    {
        Span<char> text = hex.Length <= 2 * 1024 ? stackalloc char[hex.Length / 2] : new char[hex.Length / 2];
        for (var i = 0; i < text.Length; i++)
        {
            var value = (HexValue(hex[2 * i]) << 4) | HexValue(hex[(2 * i) + 1]);
            if (!IsPrintable(value))
            {
                return null;
            }

            text[i] = (char)value;
        }

        return new string(text);
    }

    private static string? DecodeBase64(ReadOnlySpan<char> base64)
    {
        Span<char> text = base64.Length <= 2048 ? stackalloc char[(base64.Length * 3 / 4) + 3] : new char[(base64.Length * 3 / 4) + 3];
        var length = 0;
        var bits = 0;
        var count = 0;
        foreach (var c in base64)
        {
            var value = Base64Value(c);
            if (value < 0)
            {
                return null;
            }

            bits = (bits << 6) | value;
            count += 6;
            if (count >= 8)
            {
                count -= 8;
                var b = (bits >> count) & 0xFF;
                if (!IsPrintable(b))
                {
                    return null;
                }

                text[length++] = (char)b;
            }
        }

        return length >= MinLength * 3 / 4 - 2 ? new string(text[..length]) : null;
    }

    private static bool IsPrintable(int b) => b is (>= 0x20 and <= 0x7E) or '\t' or '\n' or '\r';

    private static int Base64Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' or '-' => 62,
        '/' or '_' => 63,
        _ => -1,
    };

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
