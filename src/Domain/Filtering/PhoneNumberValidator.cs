using PhoneNumbers;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Tells a phone number from other digit groups with Google's libphonenumber: numbering plans, valid lengths and
/// prefixes of every country, extensions. International numbers (<c>+</c> or <c>00</c>) must be valid for their
/// country code; national ones for one of <see cref="NationalRegions"/>.
/// </summary>
internal static class PhoneNumberValidator
{
    /// <summary>
    /// Where a number written without a country code is looked up: the most populous countries and the largest
    /// economies, one list for every answer (the gateway does not know the user's country). A number valid in none of
    /// them is not redacted unless written with its country code.
    /// </summary>
    private static readonly string[] NationalRegions =
    [
        "US", "GB", "IN", "CN", "DE", "FR", "BR", "RU", "JP", "ID", "MX", "IT", "ES", "TR", "KR", "NG", "PK", "BD", "PH", "VN",
        "EG", "ZA", "AU", "CA", "NL", "PL", "UA", "AR", "SA", "IR", "TH", "CO", "PT", "SE", "CH", "AT", "BE", "IL", "AE", "MY",
    ];

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool IsPhoneNumber(ReadOnlySpan<char> match)
    {
        var digits = 0;
        var extension = match.IndexOfAny('x', 'e', '#');
        var main = extension < 0 ? match : match[..extension];
        foreach (var c in main)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        if (digits is < 7 or > 15 || IsDateLike(main))
        {
            return false;
        }

        var text = match.ToString();
        if (main.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }

        if (text.StartsWith('+'))
        {
            return HasKnownCountryCode(text) && TryParse(text, "ZZ") is { } international && Util.IsValidNumber(international);
        }

        if (!IsFormattedNational(main))
        {
            return false;
        }

        foreach (var region in NationalRegions)
        {
            if (TryParse(text, region) is { } national && Util.IsValidNumberForRegion(national, region))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One of the country codes of 1 to 3 digits after the '+' exists, so parsing will not fail on it.</summary>
    private static bool HasKnownCountryCode(string text)
    {
        var code = 0;
        var length = 0;
        foreach (var c in text.AsSpan(1))
        {
            if (char.IsAsciiDigit(c))
            {
                code = (code * 10) + (c - '0');
                if (++length > 3)
                {
                    return false;
                }

                if (Util.GetRegionCodeForCountryCode(code) != "ZZ")
                {
                    return true;
                }
            }
            else if (length > 0 || c is not (' ' or '(' or '-' or '.'))
            {
                return false;
            }
        }

        return false;
    }

    private static PhoneNumber? TryParse(string text, string region)
    {
        try
        {
            return Util.Parse(text, region);
        }
        catch (NumberParseException)
        {
            // The library has no non-throwing parse; the candidate regex and the checks above make this rare.
            return null;
        }
    }

    /// <summary>
    /// A number without a country code is read as a phone number only when written like one: a trunk '0' and 9 or more
    /// digits ("0912 345 678", "030 1234567"), an area code in brackets ("(415) 555-0132"), or 3-3-4 ("415.555.0132").
    /// A bare run of digits or other groups is as often an account, order, tax or id number.
    /// </summary>
    private static bool IsFormattedNational(ReadOnlySpan<char> text)
    {
        Span<int> groups = stackalloc int[8];
        var count = 0;
        var length = 0;
        var dots = 0;
        var brackets = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                length++;
                continue;
            }

            brackets |= c is '(' or ')';
            dots += c == '.' ? 1 : 0;
            if (length > 0)
            {
                if (count == groups.Length)
                {
                    return false;
                }

                groups[count++] = length;
                length = 0;
            }
        }

        if (length > 0 && count < groups.Length)
        {
            groups[count++] = length;
        }

        var digits = 0;
        foreach (var group in groups[..count])
        {
            digits += group;
        }

        // A trunk '0' and the rest of a national number, an area code in brackets, or North America's 3-3-4.
        return (text[0] == '0' && digits >= 9 && !(dots == 3 && count == 4)) || brackets || groups[..count].SequenceEqual([3, 3, 4]);
    }

    /// <summary>2024-01-15, 15.01.2024, 01/15/2024: a date, however valid as a phone number somewhere.</summary>
    private static bool IsDateLike(ReadOnlySpan<char> text)
    {
        Span<int> groups = stackalloc int[4];
        var count = 0;
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                length++;
            }
            else if (c is '-' or '.' or '/')
            {
                if (count == 3 || length == 0)
                {
                    return false;
                }

                groups[count++] = length;
                length = 0;
            }
            else
            {
                return false;
            }
        }

        if (count != 2)
        {
            return false;
        }

        groups[2] = length;
        return (groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2) || (groups[0] <= 2 && groups[1] <= 2 && groups[2] is 2 or 4);
    }
}
