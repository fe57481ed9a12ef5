using PhoneNumbers;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Tells a phone number from other digit groups with Google's libphonenumber: numbering plans, valid lengths and
/// prefixes of every country, extensions. International numbers (<c>+</c> or <c>00</c>) must have a possible length for
/// their country code (the '+' says phone; test and fictional ranges such as +44 7700 900… count); national ones must
/// be valid for one of <see cref="NationalRegions"/> and written like a phone number, unless a word just before says
/// phone ("Tel:", "phone number is", "电话", "telefone"): then a possible length for one of them is enough.
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

    /// <summary>Words that say the number after them is a phone number, in the languages answers come in most.</summary>
    private static readonly string[] ContextWords =
    [
        "phone", "tel", "fax", "mobile", "cell", "call", "ring", "contact", "kontakt", "whatsapp", "telefon", "teléfono", "telefono", "téléphone", "tél",
        "телефон", "тел", "电话", "電話", "手机", "手機", "फोन", "फ़ोन", "전화", "هاتف", "cep",
    ];

    /// <summary>The <see cref="ContextWords"/> that name a phone, not an action ("call", "whatsapp").</summary>
    private static readonly string[] NameWords = [.. ContextWords.Where(static word => word is not ("call" or "ring" or "contact" or "kontakt" or "whatsapp"))];

    public static bool IsPhoneNumber(ReadOnlySpan<char> before, ReadOnlySpan<char> match)
    {
        var digits = 0;
        var extension = match.IndexOfAny('x', 'e', '#');
        var main = extension < 0 ? match : match[..extension];
        foreach (var c in main)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        // "(45)+(31)-278394": a term of a sum, not a number on its own.
        if (digits is < 7 or > 15 || IsDateLike(main) || (before.EndsWith(")") && match[0] == '+') || AfterAccountGroups(before))
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
            return HasKnownCountryCode(text) && TryParse(text, "ZZ") is { } international && IsPossible(international);
        }

        if (main.StartsWith("011", StringComparison.Ordinal) && digits >= 10 && HasKnownCountryCode("+" + text[3..]) &&
            TryParse("+" + text[3..], "ZZ") is { } dialledFromNorthAmerica && Util.IsValidNumber(dialledFromNorthAmerica))
        {
            // "011-82-10-1234-5678": North America's international prefix, as "00" elsewhere.
            return true;
        }

        var context = HasPhoneContext(before, ContextWords);
        if (!context && !IsFormattedNational(main))
        {
            return IsBareInternationalMobile(main) || IsBareNationalMobile(text, digits);
        }

        foreach (var region in NationalRegions)
        {
            if (TryParse(text, region) is { } national &&
                (context ? (digits >= 8 && IsPossible(national)) || ((IsPossible(national) || IsLocal(national)) && HasPhoneContext(before, NameWords))
                    : Util.IsValidNumberForRegion(national, region)))
            {
                return true;
            }
        }

        return IsBareInternationalMobile(main);
    }

    /// <summary>
    /// A local number, dialled without its area code. After a word that names a phone ("Tel: 555-0199", "电话：7629236") it
    /// counts: the word says what it is. After "call" it does not: "call extension 5550132".
    /// </summary>
    private static bool IsLocal(PhoneNumber number) =>
        Util.IsPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY;

    /// <summary>
    /// A mobile number written with its country code but without the '+' ("380501234567", "44 7789 345856"): 11 to 15
    /// digits that are a valid mobile number of the country their first digits name. Mobile ranges are narrow, so an
    /// order or account number of that length rarely is one; fixed lines are left to the '+' or a phone word.
    /// </summary>
    private static bool IsBareInternationalMobile(ReadOnlySpan<char> main)
    {
        var digits = 0;
        foreach (var c in main)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '-' or '.'))
            {
                return false;
            }
        }

        if (digits is < 11 or > 15 || main[0] == '0')
        {
            return false;
        }

        var international = "+" + main.ToString();
        return HasKnownCountryCode(international) && TryParse(international, "ZZ") is { } number && Util.IsValidNumber(number) &&
            Util.GetNumberType(number) is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;
    }

    /// <summary>
    /// A mobile number of 11 digits written in one run as its country writes it nationally ("13812345678" in China,
    /// "89676338855" in Russia): a valid mobile number of one of <see cref="NationalRegions"/> whose national format has
    /// these very digits. libphonenumber also reads a number with its trunk '0' left out ("8504…" as Indonesia's
    /// "0850-4…"), which nobody writes, and which would make almost a third of all 11-digit ids a phone number. Shorter
    /// runs, and fixed lines, are too often an id.
    /// </summary>
    private static bool IsBareNationalMobile(string text, int digits)
    {
        if (digits != 11 || text.Length != 11 || text[0] == '0')
        {
            return false;
        }

        foreach (var region in NationalRegions)
        {
            if (TryParse(text, region) is { } national && Util.IsValidNumberForRegion(national, region) &&
                Util.GetNumberType(national) == PhoneNumberType.MOBILE && IsSameDigits(Util.Format(national, PhoneNumberFormat.NATIONAL), text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The digits of <paramref name="formatted"/>, in order, are <paramref name="digits"/>.</summary>
    private static bool IsSameDigits(string formatted, string digits)
    {
        var next = 0;
        foreach (var c in formatted)
        {
            if (char.IsAsciiDigit(c) && (next == digits.Length || digits[next++] != c))
            {
                return false;
            }
        }

        return next == digits.Length;
    }

    /// <summary>Valid, or of a length the country dials in full (not a local number that needs an area code in front).</summary>
    private static bool IsPossible(PhoneNumber number) =>
        Util.IsValidNumber(number) || Util.IsPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE;

    /// <summary>
    /// The number continues groups of letters and digits ("NL91 ABNA 0417 1643 00", "DE89-3704-…"): the rest of an IBAN
    /// or another account number printed in groups, not a phone number.
    /// </summary>
    private static bool AfterAccountGroups(ReadOnlySpan<char> before)
    {
        if (before.Length < 5 || before[^1] is not (' ' or '-'))
        {
            return false;
        }

        var group = before[..^1];
        var start = group.LastIndexOfAny(' ', '-') + 1;
        group = group[start..];
        var letters = false;
        foreach (var c in group)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }

            letters |= char.IsAsciiLetterUpper(c);
        }

        return group.Length == 4 && letters;
    }

    /// <summary>A phone word ends within the text before the number, with at most a few characters between.</summary>
    private static bool HasPhoneContext(ReadOnlySpan<char> before, string[] words)
    {
        foreach (var word in words)
        {
            var at = before.LastIndexOf(word, StringComparison.OrdinalIgnoreCase);

            // A Latin word starts a word ("Tel:", not "hotel"); CJK and other scripts have no spaces to look for.
            if (at >= 0 && (at == 0 || !char.IsAsciiLetter(word[0]) || !char.IsAsciiLetter(before[at - 1])))
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
        // 3-2-4 is how a US social security number is written ("078-05-1120"), not a phone number.
        return (text[0] == '0' && digits >= 9 && !(dots == 3 && count == 4) && !groups[..count].SequenceEqual([3, 2, 4])) ||
            brackets || groups[..count].SequenceEqual([3, 3, 4]);
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
