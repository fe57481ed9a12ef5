using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;

namespace LlmGateway.Domain.Filtering;

/// <summary>Checksums and range checks that tell personal data from numbers that merely look like it.</summary>
public static class PiiValidators
{
    /// <summary>
    /// 13 to 19 digits (separators ignored) with a valid Luhn check digit, not all one digit, and not in the part of the
    /// 2-series no card network issues (Mir has 2200-2204, Mastercard 2221-2720).
    /// </summary>
    public static bool IsCardNumber(ReadOnlySpan<char> match)
    {
        var sum = 0;
        var digits = 0;
        var doubled = false;
        var first = '\0';
        var allSame = true;
        for (var i = match.Length - 1; i >= 0; i--)
        {
            var c = match[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            if (first == '\0')
            {
                first = c;
            }
            else if (c != first)
            {
                allSame = false;
            }

            var d = c - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
            digits++;
        }

        // Only Visa issued 13-digit numbers: any other 13 digits are more likely a time in milliseconds ("1733600000000").
        return digits is >= 13 and <= 19 && !allSame && sum % 10 == 0 && IsIssuedPrefix(match) &&
            (digits != 13 || match[match.IndexOfAnyInRange('0', '9')] == '4');
    }

    private static bool IsIssuedPrefix(ReadOnlySpan<char> match)
    {
        var prefix = 0;
        var count = 0;
        foreach (var c in match)
        {
            if (char.IsAsciiDigit(c))
            {
                prefix = (prefix * 10) + (c - '0');
                if (++count == 4)
                {
                    break;
                }
            }
        }

        return prefix / 1000 != 2 || prefix is (>= 2200 and <= 2204) or (>= 2221 and <= 2720);
    }

    /// <summary>
    /// RFC 5321's dot-atom: the local part neither starts nor ends with a dot and has no two dots in a row
    /// ("a..bc@outlook.com", ".abc@hotmail.com", "ends.with.dot.@gmail.com" are no addresses).
    /// </summary>
    public static bool IsEmailAddress(ReadOnlySpan<char> match)
    {
        if (match.IndexOf('@') < 0)
        {
            return IsObfuscatedEmail(match);
        }

        var local = match[..match.IndexOf('@')];
        // "git@github.com:org/repo.git": the SSH user every Git host uses, not a person's address.
        return local.Length > 0 && local[0] != '.' && local[^1] != '.' && !local.Contains("..", StringComparison.Ordinal) &&
            !local.SequenceEqual("git");
    }

    /// <summary>
    /// An address written out ("name [at] domain dot com"): a dot-atom local part, a top-level domain of letters, and,
    /// after a bare "at", a "dot" spelled out too — "look at example.com" is a sentence, not an address.
    /// </summary>
    public static bool IsObfuscatedEmail(ReadOnlySpan<char> match)
    {
        var local = match[..match.IndexOfAny(BeforeAtMarker)];
        var last = match[(match.LastIndexOfAny(BeforeTopLevelDomain) + 1)..];
        var bracketed = match.IndexOfAny("[({<") >= 0;
        return local.Length > 0 && local[0] != '.' && local[^1] != '.' && last.Length >= 2 && !last.ContainsAnyExcept(AsciiLetters) &&
            (bracketed || HasSpelledDot(match));
    }

    // A "dot" marker between blanks (" dot "); a label that begins with "dot" ("at\tdotnet.com") is not one.
    private static bool HasSpelledDot(ReadOnlySpan<char> match)
    {
        for (var at = match.IndexOf("dot", StringComparison.OrdinalIgnoreCase); at >= 0;)
        {
            if (at > 0 && at + 3 < match.Length && match[at - 1] is ' ' or '\t' && match[at + 3] is ' ' or '\t')
            {
                return true;
            }

            var next = match[(at + 3)..].IndexOf("dot", StringComparison.OrdinalIgnoreCase);
            at = next < 0 ? -1 : at + 3 + next;
        }

        return false;
    }

    private static readonly System.Buffers.SearchValues<char> BeforeAtMarker = System.Buffers.SearchValues.Create(" \t[({<");
    private static readonly System.Buffers.SearchValues<char> BeforeTopLevelDomain = System.Buffers.SearchValues.Create(" \t.])}>");
    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// ISO 13616: the length its country's entry in the IBAN registry gives (a country not in <see cref="IbanLengths"/> is
    /// taken on the checksum alone), a bank code of four letters where the registry says so ("VG46H07Y…" is none), and
    /// remainder 1 under mod 97 (ISO 7064).
    /// </summary>
    public static bool IsIban(ReadOnlySpan<char> match)
    {
        Span<char> compact = stackalloc char[34];
        var length = 0;
        foreach (var c in match)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (length == compact.Length)
            {
                return false;
            }

            compact[length++] = c;
        }

        if (length < 15)
        {
            return false;
        }

        ReadOnlySpan<char> country = compact[..2];
        if (IbanLengthByCountry.TryGetValue(country, out var expected) && expected != length)
        {
            return false;
        }

        if (LetterBankCodeCountries.Contains(country) && !(char.IsAsciiLetterUpper(compact[4]) && char.IsAsciiLetterUpper(compact[5]) &&
            char.IsAsciiLetterUpper(compact[6]) && char.IsAsciiLetterUpper(compact[7])))
        {
            return false;
        }

        // Move the country code and check digits to the end, letters become 10..35, take the remainder digit by digit.
        var remainder = 0;
        for (var k = 0; k < length; k++)
        {
            var c = compact[(k + 4) % length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    /// <summary>IBAN length per country, from the SWIFT IBAN registry.</summary>
    private static readonly FrozenDictionary<string, int> IbanLengths = ParseLengths(
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 " +
        "DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 " +
        "IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 " +
        "MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 " +
        "SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30");

    /// <summary>Countries whose IBAN has a bank code of four letters right after the check digits (registry format "4!a…").</summary>
    private static readonly FrozenSet<string> LetterBankCode = new[]
    {
        "AZ", "BG", "BH", "GB", "GI", "IE", "IQ", "JO", "KW", "LC", "MT", "MU", "NL", "PK", "PS", "QA", "RO", "SC", "SV", "VG", "YE",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static FrozenDictionary<string, int> ParseLengths(string table)
    {
        var lengths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in table.Split(' '))
        {
            lengths[entry[..2]] = int.Parse(entry[2..], System.Globalization.CultureInfo.InvariantCulture);
        }

        return lengths.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> IbanLengthByCountry =
        IbanLengths.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> LetterBankCodeCountries =
        LetterBankCode.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// AAA-GG-SSSS with area not 000, 666 or 900-999, group not 00 and serial not 0000 (SSA rules since 2011
    /// randomisation still exclude these), and none of the numbers known as examples: one digit nine times, 123-45-6789,
    /// 078-05-1120.
    /// </summary>
    public static bool IsUsSsn(ReadOnlySpan<char> match)
    {
        Span<int> digits = stackalloc int[9];
        var n = 0;
        foreach (var c in match)
        {
            if (char.IsAsciiDigit(c))
            {
                if (n == 9)
                {
                    return false;
                }

                digits[n++] = c - '0';
            }
        }

        if (n != 9)
        {
            return false;
        }

        var area = (digits[0] * 100) + (digits[1] * 10) + digits[2];
        var group = (digits[3] * 10) + digits[4];
        var serial = (digits[5] * 1000) + (digits[6] * 100) + (digits[7] * 10) + digits[8];
        var allSame = true;
        var ascending = true;
        for (var i = 1; i < 9; i++)
        {
            allSame &= digits[i] == digits[0];
            ascending &= digits[i] == digits[i - 1] + 1;
        }

        // 123-45-6789 is every form's example; 078-05-1120 the number printed on sample cards sold in wallets (1938), voided.
        return area is not (0 or 666) && area < 900 && group != 0 && serial != 0 && !allSame && !ascending &&
            !(area == 78 && group == 5 && serial == 1120);
    }

    /// <summary>A dotted IPv4 address with four octets 0-255, or an IPv6 address with at least one non-empty group (\"::\" alone is too common in code).</summary>
    public static bool IsIpAddress(ReadOnlySpan<char> match)
    {
        if (!match.Contains(':'))
        {
            return IsIPv4(match);
        }

        if (!IPAddress.TryParse(match, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var groups = 0;
        var inGroup = false;
        foreach (var c in match)
        {
            var hex = char.IsAsciiHexDigit(c);
            if (hex && !inGroup)
            {
                groups++;
            }

            inGroup = hex;
        }

        return groups >= 1;
    }

    /// <summary>
    /// <see cref="IsIpAddress(ReadOnlySpan{char})"/>, or the unspecified IPv6 address "::" alone right after a word that says so ("IPv6 address
    /// is ::", "IP地址是 ::"); without one, "::" is C++, Ruby or Haskell.
    /// </summary>
    public static bool IsIpAddress(ReadOnlySpan<char> before, ReadOnlySpan<char> match)
    {
        if (!match.SequenceEqual("::"))
        {
            return IsIpAddress(match);
        }

        foreach (var word in IpWords)
        {
            var at = before.LastIndexOf(word, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && (at == 0 || !char.IsAsciiLetter(before[at - 1])) &&
                (at + word.Length == before.Length || !char.IsAsciiLetter(before[at + word.Length])))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] IpWords = ["ip", "ipv6", "v6", "address", "地址", "endereço", "dirección", "adresse"];

    public static bool IsIPv4(ReadOnlySpan<char> text)
    {
        var octets = 0;
        var value = -1;
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (digits > 0 && value == 0)
                {
                    return false; // leading zero: "01" is not a decimal octet
                }

                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255)
                {
                    return false;
                }
            }
            else if (c == '.' && digits > 0 && octets < 3)
            {
                octets++;
                value = -1;
                digits = 0;
            }
            else
            {
                return false;
            }
        }

        return octets == 3 && digits > 0;
    }
}
