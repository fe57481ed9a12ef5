using System.Buffers;
using System.Globalization;
using System.Text;
using LlmGateway.Domain.Inspection;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Undoes, for detection only, what hides a secret from a pattern in a model's answer: invisible and format characters
/// (zero-width, soft hyphen, bidi controls, variation selectors) are dropped, full-width forms and mathematical letters
/// become ASCII, Cyrillic and Greek letters that look like Latin ones are read as those, and a URL escape of a letter, digit or
/// base64 character (<c>%41</c>) as that character. Unlike <see cref="TextNormalizer"/> it keeps case and spacing: secrets
/// are case-sensitive. Every normalised character records the original characters it came from, so a redaction
/// removes the original characters of the span it covers.
/// </summary>
/// <remarks>Base64 and hex runs are not decoded here (a decoded run has no one-to-one map); <see cref="EncodedSecrets"/>
/// decodes them and redacts the whole run.</remarks>
internal static class OutputNormalizer
{
    /// <summary>ASCII except '%': text made only of these normalises to itself.</summary>
    private static readonly SearchValues<char> Plain = SearchValues.Create(PlainChars());

    /// <summary>True when <paramref name="text"/> is its own normal form: ASCII without a '%' (one vectorised search).</summary>
    public static bool IsPlain(ReadOnlySpan<char> text) => text.IndexOfAnyExcept(Plain) < 0;

    /// <summary>
    /// Normalises <paramref name="raw"/> into <paramref name="output"/> (from <paramref name="outputLength"/> on), with the
    /// original start and end of each normalised character in <paramref name="starts"/> and <paramref name="ends"/>, as
    /// <paramref name="rawBase"/> plus the index in <paramref name="raw"/>. Both outputs need room for <c>raw.Length</c>
    /// more characters (the normal form is never longer). Unless <paramref name="final"/>, stops before a '%' escape or a
    /// surrogate pair that the end of <paramref name="raw"/> cuts; returns how many characters of <paramref name="raw"/> it consumed.
    /// </summary>
    public static int Normalize(ReadOnlySpan<char> raw, int rawBase, bool final, char[] output, int[] starts, int[] ends, ref int outputLength)
    {
        var length = outputLength;
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            var consumed = 1;
            var folded = c;
            if (c == '%')
            {
                if (i + 2 >= raw.Length && !final)
                {
                    break;
                }

                if (i + 2 < raw.Length && char.IsAsciiHexDigit(raw[i + 1]) && char.IsAsciiHexDigit(raw[i + 2]))
                {
                    var value = (HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]);
                    if (IsDecoded(value))
                    {
                        folded = (char)value;
                        consumed = 3;
                    }
                }
            }
            else if (c >= '\u0080')
            {
                if (char.IsHighSurrogate(c))
                {
                    if (i + 1 >= raw.Length && !final)
                    {
                        break;
                    }

                    if (i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]))
                    {
                        consumed = 2;
                        folded = FoldSupplementary(char.ConvertToUtf32(c, raw[i + 1]));
                        if (folded == '\0')
                        {
                            // Kept as it is: both halves, each its own character.
                            output[length] = c;
                            starts[length] = rawBase + i;
                            ends[length++] = rawBase + i + 1;
                            output[length] = raw[i + 1];
                            starts[length] = rawBase + i + 1;
                            ends[length++] = rawBase + i + 2;
                            i += 2;
                            continue;
                        }
                    }
                }
                else if (IsHidden(c))
                {
                    i++;
                    continue;
                }
                else
                {
                    folded = Fold(c);
                }
            }

            output[length] = folded;
            starts[length] = rawBase + i;
            ends[length++] = rawBase + i + consumed;
            i += consumed;
        }

        outputLength = length;
        return i;
    }

    /// <summary>Characters that render as nothing: <see cref="TextNormalizer.IsInvisible"/> and every other format character.</summary>
    public static bool IsHidden(char c) =>
        TextNormalizer.IsInvisible(c) || (!char.IsSurrogate(c) && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);

    /// <summary>A non-ASCII character as the ASCII character it stands for in a secret, or itself.</summary>
    public static char Fold(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        '\u212A' => 'K',
        '\u017F' => 's',
        '\u0130' => 'I',
        '\u0131' => 'i',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2212' => '-',
        '\u0410' or '\u0391' => 'A',
        '\u0412' or '\u0392' => 'B',
        '\u0415' or '\u0395' => 'E',
        '\u0396' => 'Z',
        '\u041D' or '\u0397' => 'H',
        '\u0406' or '\u0399' or '\u04C0' => 'I',
        '\u0408' => 'J',
        '\u041A' or '\u039A' => 'K',
        '\u041C' or '\u039C' => 'M',
        '\u039D' => 'N',
        '\u041E' or '\u039F' => 'O',
        '\u0420' or '\u03A1' => 'P',
        '\u0405' => 'S',
        '\u0421' or '\u03F9' => 'C',
        '\u0422' or '\u03A4' => 'T',
        '\u0423' or '\u03A5' or '\u04AE' => 'Y',
        '\u0425' or '\u03A7' => 'X',
        '\u051C' => 'W',
        '\u0430' or '\u03B1' or '\u0251' => 'a',
        '\u0441' or '\u03F2' => 'c',
        '\u0501' => 'd',
        '\u0435' or '\u03B5' => 'e',
        '\u0261' => 'g',
        '\u04BB' => 'h',
        '\u0456' or '\u03B9' or '\u0269' => 'i',
        '\u0458' or '\u03F3' => 'j',
        '\u043A' or '\u03BA' => 'k',
        '\u04CF' => 'l',
        '\u043E' or '\u03BF' => 'o',
        '\u0440' or '\u03C1' => 'p',
        '\u051B' => 'q',
        '\u0455' => 's',
        '\u03C4' => 't',
        '\u03C5' => 'u',
        '\u03BD' => 'v',
        '\u0461' or '\u051D' => 'w',
        '\u0445' or '\u03C7' => 'x',
        '\u0443' => 'y',
        _ => c,
    };

    /// <summary>Mathematical letters and digits (U+1D400-U+1D7FF) as ASCII; '\0' for any other supplementary character.</summary>
    private static char FoldSupplementary(int codePoint)
    {
        if (codePoint is < 0x1D400 or > 0x1D7FF)
        {
            return '\0';
        }

        var compatible = char.ConvertFromUtf32(codePoint).Normalize(NormalizationForm.FormKC);
        return compatible.Length == 1 && char.IsAscii(compatible[0]) ? compatible[0] : '\0';
    }

    /// <summary>
    /// Escapes read as their character: letters, digits and the other characters of base64 and of unreserved URL text.
    /// A URL's delimiters stay escaped ("%40" in a password is not the '@' that ends it).
    /// </summary>
    private static bool IsDecoded(int value) =>
        value is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '=' or '-' or '_' or '.' or '~';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static string PlainChars()
    {
        var chars = new StringBuilder(127);
        for (var c = '\0'; c < '\u0080'; c++)
        {
            if (c != '%')
            {
                chars.Append(c);
            }
        }

        return chars.ToString();
    }
}
