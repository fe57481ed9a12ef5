using System.Globalization;
using System.Text;

namespace LlmGateway.Domain.Inspection;

/// <summary>
/// Brings text to the form inspection rules are written in: NFKC (full-width and compatibility forms
/// folded), accents stripped, invisible and bidirectional control characters removed, lower case,
/// runs of spaces collapsed to one space and runs of line breaks to one line break.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        if (IsAlreadyNormal(text))
        {
            return text;
        }

        var composed = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        var decomposed = composed.Normalize(NormalizationForm.FormD);

        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        var pendingNewline = false;
        foreach (var c in decomposed)
        {
            if (IsInvisible(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                pendingNewline = true;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingNewline || pendingSpace)
            {
                if (builder.Length > 0)
                {
                    builder.Append(pendingNewline ? '\n' : ' ');
                }

                pendingNewline = pendingSpace = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>Zero-width, joiner, soft-hyphen, bidi-override and other format characters used to hide text.</summary>
    public static bool IsInvisible(char c) =>
        c is '\u00AD' or '\u034F' or '\u061C' or '\u115F' or '\u1160' or '\u17B4' or '\u17B5' or '\u180E'
            or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u206F')
            or '\u3164' or '\uFEFF' or '\uFFA0' or (>= '\uFE00' and <= '\uFE0F');

    // The common case — plain lower-case ASCII with single spaces — allocates nothing.
    private static bool IsAlreadyNormal(string text)
    {
        var previousWasSpace = true;
        foreach (var c in text)
        {
            if (c > '\u007F' || c is >= 'A' and <= 'Z' || (c < ' ' && c != '\n'))
            {
                return false;
            }

            var isSpace = c is ' ' or '\n';
            if (isSpace && previousWasSpace)
            {
                return false;
            }

            previousWasSpace = isSpace;
        }

        return !previousWasSpace || text.Length == 0;
    }
}
