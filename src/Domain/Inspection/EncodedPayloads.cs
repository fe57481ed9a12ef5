using System.Buffers;
using System.Text.Unicode;
using System.Text;

namespace LlmGateway.Domain.Inspection;

/// <summary>
/// Finds text hidden in a prompt as base64 (runs of at least 16 base64 characters), hex (at least 16 hex
/// digits, even length) or URL encoding (%xx), and decodes it one level deep. Only payloads that decode to
/// mostly printable UTF-8 are returned, so images, hashes and ordinary numbers are left alone. Bounded:
/// at most <see cref="MaxPayloads"/> payloads of at most <see cref="MaxEncodedChars"/> characters each.
/// </summary>
public static class EncodedPayloads
{
    public const int MinRunLength = 16;
    public const int MaxPayloads = 4;
    public const int MaxEncodedChars = 8192;

    private const double MinPrintableShare = 0.9;
    private const int MinPercentEscapes = 3;

    /// <summary>The decoded payloads, or null when there is none (the common case allocates nothing).</summary>
    public static List<string>? Decode(string text)
    {
        List<string>? decoded = null;
        var span = text.AsSpan();
        var i = 0;
        var percentEscapes = 0;
        while (i < span.Length)
        {
            var c = span[i];
            if (c == '%' && i + 2 < span.Length && char.IsAsciiHexDigit(span[i + 1]) && char.IsAsciiHexDigit(span[i + 2]))
            {
                percentEscapes++;
            }

            if (!IsBase64Char(c))
            {
                i++;
                continue;
            }

            var start = i;
            var allHex = true;
            while (i < span.Length && IsBase64Char(span[i]))
            {
                allHex &= char.IsAsciiHexDigit(span[i]);
                i++;
            }

            var run = span[start..i];
            while (i < span.Length && span[i] == '=')
            {
                i++;
            }

            // Padding belongs to the payload when it completes the last 4-character group.
            if ((i - start) % 4 == 0 && i - start - run.Length <= 2)
            {
                run = span[start..i];
            }

            if (run.Length < MinRunLength || (start > 0 && span[start - 1] == '%'))
            {
                continue;
            }

            if (run.Length > MaxEncodedChars)
            {
                run = run[..MaxEncodedChars];
            }

            var payload = allHex && run.Length % 2 == 0 && run[^1] != '=' ? FromHex(run) : FromBase64(run);
            if (payload is not null)
            {
                (decoded ??= new List<string>(1)).Add(payload);
                if (decoded.Count == MaxPayloads)
                {
                    return decoded;
                }
            }
        }

        if (percentEscapes >= MinPercentEscapes)
        {
            var source = text.Length > MaxEncodedChars ? text[..MaxEncodedChars] : text;
            var unescaped = Uri.UnescapeDataString(source.Replace('+', ' '));
            if (!string.Equals(unescaped, source, StringComparison.Ordinal))
            {
                (decoded ??= new List<string>(1)).Add(unescaped);
            }
        }

        return decoded;
    }

    private static bool IsBase64Char(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_';

    private static string? FromHex(ReadOnlySpan<char> hex)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(hex.Length / 2);
        try
        {
            for (var i = 0; i < hex.Length; i += 2)
            {
                bytes[i / 2] = (byte)((HexValue(hex[i]) << 4) | HexValue(hex[i + 1]));
            }

            return ToPrintableText(bytes.AsSpan(0, hex.Length / 2));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static string? FromBase64(ReadOnlySpan<char> run)
    {
        // Unpadded runs are cut to whole 4-character groups; the URL-safe alphabet is read as the standard one.
        var length = run.Length & ~3;
        if (length == 0)
        {
            return null;
        }

        var chars = ArrayPool<char>.Shared.Rent(length);
        var bytes = ArrayPool<byte>.Shared.Rent(length / 4 * 3);
        try
        {
            for (var i = 0; i < length; i++)
            {
                chars[i] = run[i] switch { '-' => '+', '_' => '/', var c => c };
            }

            return Convert.TryFromBase64Chars(chars.AsSpan(0, length), bytes, out var written)
                ? ToPrintableText(bytes.AsSpan(0, written))
                : null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static string? ToPrintableText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0 || !Utf8.IsValid(bytes))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var printable = 0;
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c is '\n' or '\r' or '\t')
            {
                printable++;
            }
        }

        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
            }
        }

        // Printable and mostly words: random bytes that happen to be valid UTF-8 are neither.
        return printable >= text.Length * MinPrintableShare && letters * 2 >= text.Length ? text : null;
    }
}
