namespace LlmGateway.Domain.Filtering;

/// <summary>Checks that tell a real secret from a placeholder that merely has its shape.</summary>
public static class SecretValidators
{
    /// <summary>
    /// Bits per character a value needs to count as random. A random base64 or hex string of 16+ characters
    /// has 3.5-6; words, "changeme", "xxxxxxxx" and "your-api-key-here" stay well under 3.
    /// </summary>
    public const double MinEntropy = 3.0;

    public const int MinSecretLength = 8;

    /// <summary>Shannon entropy of the characters of <paramref name="value"/>, in bits per character.</summary>
    public static double ShannonEntropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[128];
        counts.Clear();
        var other = 0;
        foreach (var c in value)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other++;
            }
        }

        double entropy = 0;
        double length = value.Length;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / length;
                entropy -= p * Math.Log2(p);
            }
        }

        if (other > 0)
        {
            var p = other / length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    /// <summary>True when the whole match looks random: enough entropy and no long run of one character ("SKxxxx…").</summary>
    public static bool HasEntropy(ReadOnlySpan<char> match) => ShannonEntropy(match) >= MinEntropy && !HasLongRun(match);

    /// <summary>Letters only tokens (Hugging Face) must mix upper and lower case, unlike identifiers such as hf_requiredCharacteristicTypes.</summary>
    public static bool HasMixedCase(ReadOnlySpan<char> match)
    {
        var underscore = match.IndexOf('_');
        var body = match[(underscore + 1)..];
        if (body.StartsWith("org_", StringComparison.Ordinal))
        {
            body = body[4..];
        }

        var upper = 0;
        var lowerAfterUpper = 0;
        var caseChanges = 0;
        var previousUpper = false;
        for (var i = 0; i < body.Length; i++)
        {
            var isUpper = char.IsAsciiLetterUpper(body[i]);
            if (isUpper)
            {
                upper++;
            }
            else if (upper > 0)
            {
                lowerAfterUpper++;
            }

            if (i > 0 && isUpper != previousUpper)
            {
                caseChanges++;
            }

            previousUpper = isUpper;
        }

        // camelCase identifiers change case a few times per word; random letters change it every second character or so.
        return upper >= 4 && lowerAfterUpper >= 4 && caseChanges >= body.Length / 4 && ShannonEntropy(body) >= 3.5;
    }

    /// <summary>
    /// The value part of <c>key = value</c> (after the first '=' or ':') is a secret: long enough, random-looking,
    /// and not a template placeholder (<c>${VAR}</c>, <c>{{ var }}</c>, <c>&lt;token&gt;</c>, <c>xxxx</c>).
    /// </summary>
    public static bool HasSecretValue(ReadOnlySpan<char> match)
    {
        var separator = match.IndexOfAny('=', ':');
        if (separator < 0)
        {
            return false;
        }

        var value = match[(separator + 1)..].Trim(" \t\"'`=>:");
        var space = value.LastIndexOfAny(' ', '\t');
        if (space >= 0)
        {
            // "Authorization: Bearer <token>": the scheme is not part of the secret.
            value = value[(space + 1)..];
        }

        return IsRandomLooking(value);
    }

    /// <summary>The password of <c>scheme://user:password@</c> is not a placeholder such as <c>${PASSWORD}</c> or <c>&lt;password&gt;</c>.</summary>
    public static bool HasCredentialPassword(ReadOnlySpan<char> match)
    {
        var scheme = match.IndexOf("://", StringComparison.Ordinal);
        var userInfo = match[(scheme + 3)..^1];
        var colon = userInfo.IndexOf(':');
        var password = userInfo[(colon + 1)..];
        return password.Length > 0 && !IsPlaceholder(password) && !password.StartsWith('$');
    }

    /// <summary>
    /// A token of the right shape that is a documentation placeholder: five or more of one character in a row
    /// (<c>ghp_xxxxxxxx…</c>, <c>AKIAXXXX…</c>, <c>AIzaaaaa…</c>), which a random token of these lengths practically never has.
    /// </summary>
    public static bool IsNotPlaceholder(ReadOnlySpan<char> match) => !HasLongRun(match);

    /// <summary>Batch tokens start "hvb.AAAAAQ" by format; the placeholder check looks at what follows the prefix.</summary>
    public static bool IsNotPlaceholderVaultToken(ReadOnlySpan<char> match) => !HasLongRun(match[10..]);

    /// <summary>A PEM block with key material in it, not an empty or one-word example ("-----BEGIN PRIVATE KEY-----\nanything\n…").</summary>
    public static bool HasKeyMaterial(ReadOnlySpan<char> match)
    {
        var headerEnd = match[5..].IndexOf("-----", StringComparison.Ordinal) + 10;
        var body = match[headerEnd..];
        var footer = body.IndexOf("-----END", StringComparison.Ordinal);
        if (footer >= 0)
        {
            body = body[..footer];
        }

        var material = 0;
        foreach (var c in body)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')
            {
                material++;
            }
        }

        return material >= 16;
    }

    /// <summary>The header of <c>header.payload.signature</c> decodes (base64url) to a JSON object.</summary>
    public static bool IsJwt(ReadOnlySpan<char> match)
    {
        var header = match[..match.IndexOf('.')];
        Span<char> base64 = stackalloc char[header.Length + 3];
        for (var i = 0; i < header.Length; i++)
        {
            base64[i] = header[i] switch
            {
                '-' => '+',
                '_' => '/',
                var c => c,
            };
        }

        var length = header.Length;
        while (length % 4 != 0)
        {
            base64[length++] = '=';
        }

        Span<byte> json = stackalloc byte[length];
        if (!Convert.TryFromBase64Chars(base64[..length], json, out var written))
        {
            return false;
        }

        var text = json[..written].TrimEnd(" \t\r\n"u8);
        return text.Length > 2 && text[0] == (byte)'{' && text[^1] == (byte)'}';
    }

    public static bool IsRandomLooking(ReadOnlySpan<char> value) =>
        value.Length >= MinSecretLength && !IsPlaceholder(value) && !HasLongRun(value) && ShannonEntropy(value) >= MinEntropy;

    private static bool IsPlaceholder(ReadOnlySpan<char> value) =>
        value.Contains("${", StringComparison.Ordinal) || value.Contains("{{", StringComparison.Ordinal) ||
        value.Contains("%(", StringComparison.Ordinal) || value.StartsWith('<') || value.StartsWith('$') ||
        value.Contains("xxxx", StringComparison.OrdinalIgnoreCase) || value.Contains("****", StringComparison.Ordinal) ||
        value.Contains("....", StringComparison.Ordinal);

    /// <summary>Four or more of one character in a row ("aaaa", "0000", "XXXX") does not happen in a real key often enough to matter.</summary>
    private static bool HasLongRun(ReadOnlySpan<char> value)
    {
        var run = 1;
        for (var i = 1; i < value.Length; i++)
        {
            run = value[i] == value[i - 1] ? run + 1 : 1;
            if (run >= 5)
            {
                return true;
            }
        }

        return false;
    }
}
