using System.Net;
using System.Net.Sockets;

namespace LlmGateway.Domain.Filtering;

/// <summary>Checksums and range checks that tell personal data from numbers that merely look like it.</summary>
public static class PiiValidators
{
    /// <summary>13 to 19 digits (separators ignored) with a valid Luhn check digit, not all one digit.</summary>
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

        return digits is >= 13 and <= 19 && !allSame && sum % 10 == 0;
    }

    /// <summary>ISO 13616: a known length for its country prefix and remainder 1 under mod 97 (ISO 7064).</summary>
    public static bool IsIban(ReadOnlySpan<char> match)
    {
        Span<char> compact = stackalloc char[34];
        var length = 0;
        foreach (var c in match)
        {
            if (c == ' ')
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

    /// <summary>
    /// AAA-GG-SSSS with area not 000, 666 or 900-999, group not 00 and serial not 0000 (SSA rules since 2011
    /// randomisation still exclude these).
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
        return area is not (0 or 666) && area < 900 && group != 0 && serial != 0;
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
