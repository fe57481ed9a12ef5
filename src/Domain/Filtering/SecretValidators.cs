using System.Text.RegularExpressions;

namespace LlmGateway.Domain.Filtering;

/// <summary>Checks that tell a real secret from a placeholder that merely has its shape.</summary>
public static partial class SecretValidators
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

    /// <summary>
    /// A token whose prefix alone identifies it (<c>AIzaSy…</c>, <c>sk-ant-…</c>, <c>dapi…</c>): neither a run of one
    /// character nor a stretch of the alphabet or of the digits (<c>abcdefgh…</c>, <c>123456789…</c>), which is how
    /// documentation fakes a key and which a random token practically never contains.
    /// </summary>
    public static bool IsRandomToken(ReadOnlySpan<char> match) => !HasLongRun(match) && !HasSequence(match);

    /// <summary>
    /// A Slack token: the numeric team, user and app ids in front are not secret and may well repeat digits; the
    /// last segment is the secret, and must have letters (an id alone is not a token) and no run of one character.
    /// Legacy tokens end in only 10 hex digits, so the entropy may come from the token as a whole.
    /// </summary>
    public static bool IsSlackToken(ReadOnlySpan<char> match)
    {
        var secret = match[(match.LastIndexOf('-') + 1)..];
        var letters = 0;
        foreach (var c in secret)
        {
            letters += char.IsAsciiLetter(c) ? 1 : 0;
        }

        return letters > 0 && !HasLongRun(secret) && (ShannonEntropy(secret) >= MinEntropy || ShannonEntropy(match) >= MinEntropy);
    }

    /// <summary>
    /// A Telegram bot token (<c>bot id:secret</c>): the secret starts "AA", as every token issued for years does, or a word
    /// just before names Telegram (<c>telegram: …</c>, Apprise's <c>tgram://…</c>) and the secret has the full 35 characters.
    /// Either way no run or sequence of a hand-made fake.
    /// </summary>
    public static bool IsTelegramBotToken(ReadOnlySpan<char> before, ReadOnlySpan<char> match)
    {
        var secret = match[(match.IndexOf(':') + 1)..];
        return IsRandomToken(secret) && (secret.StartsWith("AA", StringComparison.Ordinal) ||
            (secret.Length == 35 && (before.Contains("telegram", StringComparison.OrdinalIgnoreCase) || before.Contains("tgram", StringComparison.OrdinalIgnoreCase))));
    }

    /// <summary>Notion: "ntn_" tokens by their prefix; the older "secret_" ones must also mix case as random base62 does.</summary>
    public static bool IsNotionToken(ReadOnlySpan<char> match) =>
        IsRandomToken(match) && (!match.StartsWith("secret_", StringComparison.Ordinal) || HasMixedCase(match));

    /// <summary>
    /// Azure's identifiable keys carry a fixed signature ("JQQJ9") and then fixed fields with runs of 'A'; whether the key
    /// looks random is for the 52 characters in front. Other matches (legacy DevOps PATs after their name): the whole.
    /// </summary>
    public static bool IsIdentifiableKey(ReadOnlySpan<char> match) =>
        match.Length >= 57 && match[52..57].SequenceEqual("JQQJ9") ? HasEntropy(match[..52]) : HasEntropy(match);

    /// <summary>
    /// A key with a fixed signature inside (<see cref="SecretDetectorCatalog"/>'s azure_signed_key): whether it is random is
    /// for the part in front of the signature ("AAAA…+ASt…" is a made-up one).
    /// </summary>
    public static bool HasRandomPrefix(ReadOnlySpan<char> match) => HasEntropy(match[..42]);

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
        if (match.IndexOf('>') is var element and > 0 && match[..element].IndexOfAny('=', ':') < 0)
        {
            // <api_key>value</api_key>
            return IsRandomLooking(match[(element + 1)..]);
        }

        if (match.Length > 2 && match[^1] is '"' or '\'' && match[..^1].LastIndexOf(match[^1]) is var open and >= 0)
        {
            // A string literal after a name, in a comparison, a call or a pair: the value is the last literal.
            return IsRandomLooking(match[(open + 1)..^1]);
        }

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

    /// <summary>
    /// For <c>name = value</c> with a secret-naming name: <see cref="HasSecretValue"/>, or, after a password name
    /// (<c>password</c>, <c>passwd</c>, <c>pwd</c>, <c>DB_PASSWORD</c>) or in a comparison (<c>secret == "…"</c>), a password a
    /// person chose (<see cref="IsPasswordLiteral"/>): <c>password = "super$ecret"</c> is hard-coded however little entropy it has.
    /// </summary>
    public static bool HasSecretOrPasswordValue(ReadOnlySpan<char> match)
    {
        if (IsUnquotedExpression(match))
        {
            return false;
        }

        if (HasSecretValue(match))
        {
            return true;
        }

        // A literal compared with a secret (creds.Secret != "open-sesame") is the secret: a secret, like a password, may
        // be chosen by a person. Tokens and keys are generated, and judged by their randomness alone.
        var comparison = match.StartsWith("secret", StringComparison.OrdinalIgnoreCase) &&
            (match.Contains("==", StringComparison.Ordinal) || match.Contains("!=", StringComparison.Ordinal));
        if (!comparison && !match.StartsWith("pass", StringComparison.OrdinalIgnoreCase) && !match.StartsWith("pwd", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (match.Length > 2 && match[^1] is '"' or '\'' && match[..^1].LastIndexOf(match[^1]) is var open and >= 0)
        {
            return IsPasswordLiteral(match[(open + 1)..^1], quoted: true);
        }

        if (match.IndexOf('>') is var element and > 0 && match[..element].IndexOfAny('=', ':') < 0)
        {
            // <password>value</password>: element text is a literal.
            return IsPasswordLiteral(match[(element + 1)..], quoted: true);
        }

        var separator = match.IndexOfAny('=', ':');
        if (separator < 0)
        {
            return false;
        }

        var value = match[(separator + 1)..].TrimStart(" \t=>:");
        var quoted = value.Length > 0 && value[0] is '"' or '\'' or '`';

        // "password": new_password — a quoted name with an unquoted value is a JSON-like literal in code: the value is a
        // variable (JSON itself would quote a string).
        var name = match[..separator].TrimEnd(" \t");
        if (!quoted && name.Length > 0 && name[^1] is '"' or '\'')
        {
            return false;
        }

        return IsPasswordLiteral(value.Trim("\"'`"), quoted);
    }

    /// <summary>
    /// <see cref="HasSecretOrPasswordValue(ReadOnlySpan{char})"/> for a <c>name = value</c> match that starts at the secret word, unless the whole
    /// name (its start may lie <paramref name="before"/> the match: <c>AWS_</c> of <c>AWS_SECRET_ACCESS_KEY</c>) is one a
    /// format's own detector claims (<see cref="IsVendorKeyName"/>).
    /// </summary>
    public static bool HasSecretOrPasswordValueUnderGenericName(ReadOnlySpan<char> before, ReadOnlySpan<char> match)
    {
        var nameEnd = match.IndexOfAnyExcept(NameCharacters);
        return !IsVendorKeyName(before, nameEnd < 0 ? match : match[..nameEnd]) && HasSecretOrPasswordValue(match);
    }

    /// <summary><see cref="IsStrongSecret(ReadOnlySpan{char})"/> for a value alone, unless the name <paramref name="before"/> it is a format's own (<see cref="IsVendorKeyName"/>).</summary>
    public static bool IsStrongSecretUnderGenericName(ReadOnlySpan<char> before, ReadOnlySpan<char> value) =>
        !IsVendorKeyName(before.TrimEnd(" \t\"'`\\=:>,"), []) && IsStrongSecret(value);

    /// <summary>
    /// The name that ends <paramref name="before"/> and goes on with <paramref name="rest"/> is the name of a key whose
    /// format a detector of its own knows (<c>aws_secret_access_key</c>: 40 characters; <c>ibm_cloud_api_key</c>: 44;
    /// <c>sumo_access_key</c>: 64): that detector decides, with the format's length, as a value with a vendor's prefix is left
    /// to its detector. A value of another shape under such a name (42 hex digits as an AWS secret key) is not that key.
    /// </summary>
    private static bool IsVendorKeyName(ReadOnlySpan<char> before, ReadOnlySpan<char> rest)
    {
        var start = before.LastIndexOfAnyExcept(NameCharacters) + 1;
        Span<char> name = stackalloc char[before.Length - start + Math.Min(rest.Length, 64)];
        before[start..].CopyTo(name);
        rest[..Math.Min(rest.Length, 64)].CopyTo(name[(before.Length - start)..]);
        return VendorKeyName().IsMatch(name);
    }

    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    // The key names of aws_secret_access_key, ibm_cloud_api_key (its API keys, not a password or token under an IBM name)
    // and sumologic_access_id/_key, in full.
    [GeneratedRegex(@"^(?:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|(?:ibm[_-]?cloud[_-]?iam|cloud[_-]?iam|ibm[_-]?cloud|ibm[_-]?iam|ibm|iam)[_-]?(?:api[_-]?key|key)|sumo(?:logic)?[_.-]?access[_.-]?(?:id|key))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VendorKeyName();

    /// <summary>
    /// <c>password = request.form['password']</c>, <c>secret = getpass()</c>, <c>token = settings.api_token</c>: an unquoted
    /// value that is code (a call, an index, a dotted path of names) reads a secret from somewhere else.
    /// </summary>
    private static bool IsUnquotedExpression(ReadOnlySpan<char> match)
    {
        var separator = match.IndexOfAny('=', ':');
        if (separator < 0 || match[^1] is '"' or '\'')
        {
            return false;
        }

        var value = match[(separator + 1)..].TrimStart(" \t=>:");
        return value.Length > 0 && value[0] is not ('"' or '\'' or '`') &&
            (value.IndexOfAny("([") >= 0 || (value.Contains('.') && IsWordsJoined(value)));
    }

    /// <summary>
    /// A password written into text or code: 8 characters or more, not a placeholder (<c>changeme</c>, <c>${PASS}</c>,
    /// <c>******</c>, <c>your_password</c>), not the name of a variable (<c>DB_PASSWORD</c>, <c>PASSWORD</c>), and, when not
    /// quoted, not a template (<c>#{password}</c>). Code that reads a password (<c>getpass()</c>) is ruled out before.
    /// </summary>
    public static bool IsPasswordLiteral(ReadOnlySpan<char> value, bool quoted)
    {
        if (value.Length < MinSecretLength || IsPlaceholder(value) || HasLongRun(value) || IsPlaceholderPassword(value) || IsConstantName(value) ||
            IsLabelPathOrTemplate(value))
        {
            return false;
        }

        return quoted || (value.IndexOf('{') < 0 && !value.Equals("undefined", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// What a password name also holds besides a password: a selector or policy naming the field (<c>#add-password</c>,
    /// <c>arn:aws:iam::aws:policy/IAMUserChangePassword</c>: letters and '#', '/' or ':', the word itself among them), a
    /// path or URL (<c>/en/enterprise/auth</c>, <c>https://localhost</c>), a format string (<c>prefix_{}</c>, <c>{0}</c>) or a
    /// call (<c>obj.aFunctionCall()</c>).
    /// </summary>
    private static bool IsLabelPathOrTemplate(ReadOnlySpan<char> value)
    {
        if (value.Contains("://", StringComparison.Ordinal) || (value.StartsWith('/') && value[1..].Contains('/')) || IsCall(value) ||
            value.StartsWith("arn:", StringComparison.Ordinal) || value.Contains("{}", StringComparison.Ordinal) ||
            (value.IndexOf('{') is var brace and >= 0 && brace + 2 < value.Length && char.IsAsciiDigit(value[brace + 1]) && value[brace + 2] == '}'))
        {
            return true;
        }

        // A selector or a policy path: "-", "_" and "." alone also join the words of a password people choose ("my-secret-pass").
        var marks = 0;
        foreach (var c in value)
        {
            if (c is '#' or '/' or ':')
            {
                marks++;
            }
            else if (!char.IsAsciiLetter(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return marks > 0 && (value.Contains("password", StringComparison.OrdinalIgnoreCase) ||
            value.Contains("passwd", StringComparison.OrdinalIgnoreCase) || value.Contains("secret", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"obj.aFunctionCall()": a call written into a string, for code that evaluates it.</summary>
    private static bool IsCall(ReadOnlySpan<char> value)
    {
        if (!value.EndsWith("()", StringComparison.Ordinal) || value.Length < 3 || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }

        foreach (var c in value[..^2])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlaceholderPassword(ReadOnlySpan<char> value)
    {
        foreach (var word in PlaceholderPasswords)
        {
            if (value.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return HasFakeWord(value) || value.Equals("password", StringComparison.OrdinalIgnoreCase) || value.Equals("passwd", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What documentation writes where the reader's own password goes.</summary>
    private static readonly string[] PlaceholderPasswords =
        ["changeme", "change_me", "change-me", "changeit", "your_password", "yourpassword", "your-password", "placeholder", "example"];

    /// <summary>An upper-case name (<c>PASSWORD</c>, <c>DB_PASSWORD_1</c>): a variable or a key, not its value.</summary>
    private static bool IsConstantName(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The value of <c>name = value</c>, <c>name: value</c>, <c>"name": "value"</c> or <c>"name", "value"</c>: what follows
    /// the first separator after the name, without quotes and padding.
    /// </summary>
    public static ReadOnlySpan<char> AssignedValue(ReadOnlySpan<char> match)
    {
        var separator = match.IndexOfAny(AssignmentSeparators);
        return separator < 0 ? [] : match[(separator + 1)..].Trim(" \t\"'`=>:,\\");
    }

    /// <summary>
    /// The value that ends the match (its last run of base64, base64url and hex characters, without padding) looks random:
    /// for a pattern whose value may follow a name, a sentence or an SDK call's other arguments ("https://…", "acct").
    /// </summary>
    public static bool HasRandomTrailingValue(ReadOnlySpan<char> match)
    {
        var start = match.LastIndexOfAnyExcept(TokenCharacters) + 1;
        return IsRandomLooking(match[start..].TrimEnd('='));
    }

    private static readonly System.Buffers.SearchValues<char> TokenCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_=-");

    /// <summary>
    /// The value of a secret named in a sibling field (the detector named_secret): the last line's value after its
    /// ':' or '='. Under a password name any literal password counts (<see cref="IsPasswordLiteral"/>); under a key, token or
    /// secret name a random-looking value of 16 or more (<see cref="IsRandomLooking"/>), not a public key's.
    /// </summary>
    public static bool HasNamedSecretValue(ReadOnlySpan<char> match)
    {
        var firstLine = match[..match.IndexOfAny('\r', '\n')].TrimEnd(" \t{\"'");
        var name = firstLine[(firstLine.LastIndexOfAny(" \t\"':") + 1)..];
        var lastLine = match[(match.LastIndexOf('\n') + 1)..];
        var value = lastLine[(lastLine.IndexOfAny('=', ':') + 1)..].Trim(" \t\"'");
        if (name.Contains("public", StringComparison.OrdinalIgnoreCase) || name.StartsWith("pub_", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return name.EndsWith("pass", StringComparison.OrdinalIgnoreCase) || name.EndsWith("password", StringComparison.OrdinalIgnoreCase) ||
            name.EndsWith("passwd", StringComparison.OrdinalIgnoreCase) || name.EndsWith("pwd", StringComparison.OrdinalIgnoreCase)
            ? IsPasswordLiteral(value, quoted: true)
            : value.Length >= 16 && IsRandomLooking(value);
    }

    /// <summary>The assigned value (<see cref="AssignedValue"/>) looks random (<see cref="IsRandomLooking"/>).</summary>
    public static bool HasRandomAssignedValue(ReadOnlySpan<char> match) => IsRandomLooking(AssignedValue(match));

    /// <summary>
    /// For a value assigned to a name that merely ends in "key", "token", "secret" or "pass": a strong, random value.
    /// Besides <see cref="IsRandomLooking"/>: at least 16 characters, letters and digits both, 3.5 bits of entropy per
    /// character (or 32+ hex digits), and none of what such names also hold: a UUID, a hash or commit id (40 hex digits, "sha256:…"), a
    /// number, a path or URL, a dotted or dashed name ("com.example.key", "my-app-prod").
    /// </summary>
    public static bool HasStrongSecretValue(ReadOnlySpan<char> match) => IsStrongSecret(AssignedValue(match));

    /// <summary><see cref="HasStrongSecretValue"/> of the value alone.</summary>
    public static bool IsStrongSecret(ReadOnlySpan<char> value)
    {
        value = value.Trim("\"'`=");
        if (value.Length < 16 || !IsRandomLooking(value) || IsUuid(value) || IsHashLike(value) || IsWordsJoined(value) || IsCodeReference(value) ||
            value.StartsWith('/') || value.StartsWith('.') || value.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        var letters = 0;
        var digits = 0;
        foreach (var c in value)
        {
            letters += char.IsAsciiLetter(c) ? 1 : 0;
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        var entropy = ShannonEntropy(value);
        return letters > 0 && digits > 0 && (entropy >= StrongEntropy || (value.Length >= 32 && IsMixedHex(value)));
    }

    /// <summary>Bits per character a value assigned to a generic name needs (hex of 32+ digits excepted).</summary>
    public const double StrongEntropy = 3.5;

    /// <summary>The password of a connection string or JDBC URL: any value that is not a variable, a mask or the word itself.</summary>
    public static bool HasConnectionPassword(ReadOnlySpan<char> match)
    {
        var at = Math.Max(match.LastIndexOf("password", StringComparison.OrdinalIgnoreCase), match.LastIndexOf("pwd", StringComparison.OrdinalIgnoreCase));
        var value = AssignedValue(match[at..]);
        return value.Length > 0 && !IsPlaceholder(value) && !HasLongRun(value) && value[0] is not ('#' or '@' or '(') &&
            !value.Contains("://", StringComparison.Ordinal) &&
            !value.Equals("password", StringComparison.OrdinalIgnoreCase) && !value.Equals("pwd", StringComparison.OrdinalIgnoreCase);
    }

    private static readonly System.Buffers.SearchValues<char> AssignmentSeparators = System.Buffers.SearchValues.Create("=:,");

    private static bool IsUuid(ReadOnlySpan<char> value) =>
        value.Length == 36 && value[8] == '-' && value[13] == '-' && value[18] == '-' && value[23] == '-';

    /// <summary>A digest rather than a secret: "sha256:…", "sha512-…", "md5:…", or exactly 40 hex digits (a Git commit or SHA-1).</summary>
    private static bool IsHashLike(ReadOnlySpan<char> value)
    {
        if (value.StartsWith("sha", StringComparison.OrdinalIgnoreCase) || value.StartsWith("md5", StringComparison.OrdinalIgnoreCase))
        {
            var digits = value[3..].IndexOfAny(':', '-');
            if (digits is >= 0 and <= 3)
            {
                return true;
            }
        }

        if (value.Length != 40)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Words of letters (or of digits) joined by '.', '-' or '_': "com.example.app", "my-service-prod", "v1.2.3".</summary>
    private static bool IsWordsJoined(ReadOnlySpan<char> value)
    {
        var words = 1;
        var letters = false;
        var digits = false;
        foreach (var c in value)
        {
            if (c is '.' or '-' or '_')
            {
                if (letters && digits)
                {
                    return false;
                }

                words++;
                letters = digits = false;
            }
            else if (char.IsAsciiLetter(c))
            {
                letters = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits = true;
            }
            else
            {
                return false;
            }
        }

        return words >= 2 && !(letters && digits);
    }

    /// <summary>
    /// A qualified name in code (<c>Crypto.Ed448Signer</c>, <c>Options.DefaultHmacKey</c>): names of letters, each maybe
    /// ending in digits, joined by dots. A random value has its digits anywhere, not only at the end of each part.
    /// </summary>
    private static bool IsCodeReference(ReadOnlySpan<char> value)
    {
        var parts = 0;
        foreach (var range in value.Split('.'))
        {
            var part = value[range];
            var letters = part.IndexOfAnyExcept(AsciiLettersAndUnderscore);
            var name = letters < 0 ? part : part[..letters];
            if (name.Length == 0 || (letters >= 0 && part[letters..].ContainsAnyExceptInRange('0', '9')))
            {
                return false;
            }

            parts++;
        }

        return parts >= 2;
    }

    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndUnderscore =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");

    /// <summary>
    /// The value of a key/value pair whose key names a password (<c>&lt;key&gt;db_password&lt;/key&gt;&lt;value&gt;…</c>): a
    /// literal password (<see cref="IsPasswordLiteral"/>), not an empty field, a variable or a placeholder.
    /// </summary>
    public static bool HasSiblingPassword(ReadOnlySpan<char> match)
    {
        var value = match[(match.LastIndexOf("value", StringComparison.OrdinalIgnoreCase) + 5)..].TrimStart(" \t\">:");
        return IsPasswordLiteral(value, quoted: true);
    }

    /// <summary>The value of <c>&lt;add key="ClearTextPassword" value="…" /&gt;</c> is a password, not <c>%ENV_VAR%</c> or <c>XXXX</c>.</summary>
    public static bool HasNuGetPassword(ReadOnlySpan<char> match)
    {
        var value = match[(match.LastIndexOf("value=", StringComparison.OrdinalIgnoreCase) + 7)..^1];
        return IsRandomLooking(value);
    }

    /// <summary>The password of <c>scheme://user:password@</c> is not a placeholder such as <c>${PASSWORD}</c> or <c>&lt;password&gt;</c>.</summary>
    public static bool HasCredentialPassword(ReadOnlySpan<char> match)
    {
        var scheme = match.IndexOf("://", StringComparison.Ordinal);
        var userInfo = match[(scheme + 3)..^1];
        var colon = userInfo.IndexOf(':');
        var password = userInfo[(colon + 1)..];

        // "user:user@", "admin:admin@": a documentation default, the user's name repeated.
        return password.Length > 0 && !IsPlaceholder(password) && !password.StartsWith('$') && !password.SequenceEqual(userInfo[..colon]);
    }

    /// <summary>
    /// A token of the right shape that is a documentation placeholder: five or more of one character in a row
    /// (<c>ghp_xxxxxxxx…</c>, <c>AKIAXXXX…</c>, <c>AIzaaaaa…</c>), which a random token of these lengths practically never has.
    /// </summary>
    public static bool IsNotPlaceholder(ReadOnlySpan<char> match) => !HasLongRun(match);

    /// <summary>
    /// A token whose prefix and length pin its format down (an AWS key id or a secret key after its name, a Square token):
    /// every match counts, filler and all (<c>AKIAZZZZ…</c>,
    /// <c>aws_secret_access_key=aaaa…</c>), since nothing but a key of that format has that shape and redacting a made-up
    /// one costs the reader nothing; except a key masked by hand (<c>AKIAXXXXXXXXXXXXXXXX</c>, <c>****</c>), which shows none.
    /// </summary>
    public static bool IsNotMasked(ReadOnlySpan<char> match) => !IsPlaceholder(match);

    /// <summary>Batch tokens start "hvb.AAAAAQ" by format; the placeholder check looks at what follows the prefix.</summary>
    public static bool IsNotPlaceholderVaultToken(ReadOnlySpan<char> match) => !HasLongRun(match[10..]);

    /// <summary>
    /// A PEM block with key material in it, not an empty or one-word example ("-----BEGIN PRIVATE KEY-----\nanything\n…").
    /// A sentence inside the frame ("…-----this is not a private key-----…") still counts: redacting it costs the reader
    /// nothing, and a key whose body is cut or reformatted must not get through.
    /// </summary>
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

        // RFC 7515: the header is a JSON object and "alg" is required; garbled base64 rarely decodes to that.
        var text = json[..written].TrimEnd(" \t\r\n"u8);
        return text.Length > 2 && text[0] == (byte)'{' && text[^1] == (byte)'}' && text.IndexOf("\"alg\""u8) > 0;
    }

    /// <summary>
    /// A value that could be a credential: long enough, not a placeholder, not a name (<c>ACCESS_TOKEN</c>,
    /// <c>client_secret_name</c>), not a time-based UUID, and random-looking. Hex strings count with a lower entropy bar:
    /// 16 random hex digits have about 3.3 bits per character and often fewer, so 3.0 would miss many.
    /// </summary>
    public static bool IsRandomLooking(ReadOnlySpan<char> value)
    {
        if (value.Length < MinSecretLength || IsPlaceholder(value) || HasLongRun(value) || HasSequence(value) ||
            IsIdentifier(value) || IsTimeBasedUuid(value) || IsLabelPathOrTemplate(value.Trim("\"'`")) || HasFakeWord(value) ||
            HasVendorPrefix(value.TrimStart("\"'`")))
        {
            return false;
        }

        var entropy = ShannonEntropy(value);
        return entropy >= MinEntropy || (value.Length >= 16 && IsMixedHex(value) && entropy >= MinHexEntropy);
    }

    /// <summary>"fake", "dummy": how a fixture marks a made-up value, which a generated key practically never spells out.</summary>
    private static bool HasFakeWord(ReadOnlySpan<char> value)
    {
        foreach (var word in FakeWords)
        {
            if (value.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] FakeWords = ["fake", "dummy", "example", "sample", "placeholder", "your", "not-a-", "not_a_", "notreal", "invalid"];

    /// <summary>
    /// A value that begins with the prefix of a token format the catalogue has its own detector for (<c>xoxp-</c>,
    /// <c>ghp_</c>, <c>sk_live_</c>, …): that detector decides, with the format's lengths and checks. A value its detector
    /// turns down (ids too short, a run of one character) is not a secret of another kind. Only formats whose detector
    /// takes every length in use: Vault's "hvs." and Slack's "xapp-"/"xoxe" tokens also come in shapes it does not know.
    /// </summary>
    private static bool HasVendorPrefix(ReadOnlySpan<char> value)
    {
        foreach (var prefix in VendorPrefixes)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] VendorPrefixes =
        ["xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "sk_live_",
            "sk_test_", "rk_live_", "rk_test_", "sk-ant-", "AIzaSy", "npm_", "pypi-AgE", "shpat_", "SG.", "dckr_pat_", "dckr_oat_", "HRKU-"];

    /// <summary>Bits per character a hex value of 16+ digits needs (see <see cref="IsRandomLooking"/>).</summary>
    public const double MinHexEntropy = 2.75;

    /// <summary>
    /// A template or an example rather than a value: the whole value is a variable (<c>${VAR}</c>, <c>{{ var }}</c>,
    /// <c>%VAR%</c>, <c>{Name}</c>, <c>&lt;token&gt;</c> also HTML-escaped, <c>$VAR</c>, Ruby's <c>#{var}</c>, a shell
    /// splice <c>'$VAR'</c>), it is masked or cut short (<c>xxxx</c>, <c>****</c>,
    /// <c>....</c>, <c>ops_eyJ…</c>, <c>[Redacted]</c>), or it is SOPS ciphertext (<c>ENC[AES256_GCM,…]</c>), which is
    /// safe to show. A "${" inside a value is just a character of a real password.
    /// </summary>
    private static bool IsPlaceholder(ReadOnlySpan<char> value) => IsPlaceholderValue(value.Trim("\"'`"));

    private static bool IsPlaceholderValue(ReadOnlySpan<char> value) =>
        value.StartsWith("{{", StringComparison.Ordinal) || value.StartsWith("%(", StringComparison.Ordinal) ||
        value.StartsWith('<') || value.StartsWith('$') || value.StartsWith("&lt;", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("#{", StringComparison.Ordinal) ||
        (value.StartsWith('%') && value.EndsWith('%')) || (value.StartsWith('{') && value.EndsWith('}')) ||
        value.Contains("xxxx", StringComparison.OrdinalIgnoreCase) || value.Contains("****", StringComparison.Ordinal) ||
        value.Contains("....", StringComparison.Ordinal) || value.EndsWith("..", StringComparison.Ordinal) ||
        value.Contains('\u2026') || value.Contains("redacted", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("ENC[", StringComparison.Ordinal);

    /// <summary>
    /// A name or words (<c>ACCESS_TOKEN</c>, <c>vault_token_name</c>, <c>notapassword</c>, <c>api-key-goes-here</c>): letters
    /// of one case, maybe joined by underscores, dashes or dots. Generated secrets have digits or mixed case.
    /// </summary>
    private static bool IsIdentifier(ReadOnlySpan<char> value) =>
        value.IndexOfAnyExcept(IdentifierCharacters) < 0 && (!value.ContainsAnyInRange('A', 'Z') || !value.ContainsAnyInRange('a', 'z'));

    private static readonly System.Buffers.SearchValues<char> IdentifierCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-.");

    /// <summary>
    /// A version-1 UUID (<c>xxxxxxxx-xxxx-1xxx-…</c>) is a timestamp and a MAC address: predictable, so an identifier
    /// (a request or an object id), never a credential. Random (version-4) UUIDs may be tokens and stay in.
    /// </summary>
    private static bool IsTimeBasedUuid(ReadOnlySpan<char> value) =>
        value.Length == 36 && value[8] == '-' && value[13] == '-' && value[14] == '1' && value[18] == '-' && value[23] == '-';

    private static bool IsMixedHex(ReadOnlySpan<char> value) =>
        value.IndexOfAnyExcept(EncodedSecrets.Hex) < 0 && value.ContainsAnyInRange('0', '9') && value.ContainsAnyExceptInRange('0', '9');

    /// <summary>
    /// Six or more consecutive letters or digits in order ("abcdef", "123456", "MNOPQR"). In a random token over 62
    /// characters that happens about once in 10^9 positions; in a hand-written fake key it is the usual filler.
    /// </summary>
    private static bool HasSequence(ReadOnlySpan<char> value)
    {
        var run = 1;
        for (var i = 1; i < value.Length; i++)
        {
            var ascending = value[i] == value[i - 1] + 1 && char.IsAsciiLetterOrDigit(value[i]) && char.IsAsciiLetterOrDigit(value[i - 1]);
            run = ascending ? run + 1 : 1;
            if (run >= 6)
            {
                return true;
            }
        }

        return HasInterleavedSequence(value);
    }

    /// <summary>
    /// Every second character in order, up or down, five times ("a1b2c3d4e5", "d4c3b2a1…"): a hand-made fake key
    /// interleaving two sequences. In a random token that happens about once in 10^7 positions.
    /// </summary>
    private static bool HasInterleavedSequence(ReadOnlySpan<char> value)
    {
        for (var parity = 0; parity < 2; parity++)
        {
            var up = 1;
            var down = 1;
            for (var i = parity + 2; i < value.Length; i += 2)
            {
                var letterOrDigit = char.IsAsciiLetterOrDigit(value[i]) && char.IsAsciiLetterOrDigit(value[i - 2]);
                up = letterOrDigit && value[i] == value[i - 2] + 1 ? up + 1 : 1;
                down = letterOrDigit && value[i] == value[i - 2] - 1 ? down + 1 : 1;
                if (up >= 5 || down >= 5)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Five or more of one character in a row ("aaaaa", "00000", "XXXXX") does not happen in a real key often enough to matter.</summary>
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
