using System.Buffers.Binary;

namespace LlmGateway.Domain.Inspection;

/// <summary>
/// Character-trigram language models of ordinary text, used to find adversarial suffixes: machine-optimised gibberish
/// (GCG, Zou et al. 2023) appended to a request is far less predictable than prose, code or markup. As in Jain et al.
/// 2023 ("Baseline Defenses for Adversarial Attacks Against Aligned Language Models") and NeMo Guardrails' perplexity
/// heuristics, the text is scored in sliding windows and its score is the worst window's mean surprisal (bits per
/// character), so a short suffix after a long honest request still stands out. There is one model per domain — prose
/// and code — and a window counts by the domain that predicts it best: code is predictable to the code model, prose to
/// the prose model, and a suffix that strings word pieces and bracket runs together is predictable to neither.
/// <para>
/// Characters are read in <see cref="Symbols"/> classes: lower-case letters each their own, upper-case letters one
/// class, digits one, letters of other scripts one, other non-ASCII characters one, and ASCII punctuation in sixteen
/// groups. Text in another script is therefore a predictable run of one class, and a number is a run of digits. Tokens
/// that are encodings rather than language — URLs, and tokens holding a run of 16 or more base64, hex, path or
/// identifier characters (hashes, keys, UUIDs, base64, data: URIs), and notation whose brackets pair up inside one token
/// (formulas, template placeholders, indexing) — are skipped, not scored. Weights (quantised surprisal of each trigram in each domain,
/// interpolated with bigram and unigram estimates) and the threshold are trained by <c>bench/InjectionModel train-charlm</c> and ship
/// as an embedded resource. Scoring is allocation-free and linear in the text length. Immutable and thread-safe.
/// </para>
/// </summary>
public sealed class CharacterModel
{
    /// <summary>Number of character classes.</summary>
    public const int Symbols = 48;

    /// <summary>Characters per scored window.</summary>
    public const int WindowChars = 40;

    /// <summary>Tokens with a run of at least this many encoding characters (base64, hex, paths, identifiers) are skipped.</summary>
    public const int MinSkippedTokenChars = 16;

    /// <summary>A token this long that mixes letters and digits (a reference code) is skipped.</summary>
    public const int MinIdentifierChars = 6;

    /// <summary>The request is judged by at most this many characters just before the suffix.</summary>
    public const int RequestChars = 160;

    /// <summary>The suffix: the last this many characters of a text, where an appended optimised suffix sits.</summary>
    public const int SuffixChars = 160;

    /// <summary>A text needs this many scored characters before its suffix to count as a request with a suffix.</summary>
    public const int MinRequestChars = 16;

    /// <summary>Surprisal is stored in units of 1/<see cref="Scale"/> bits, one byte a trigram.</summary>
    public const int Scale = 16;

    private const uint Magic = 0x324D4C43; // "CLM2": two domains
    private const int HeaderBytes = 20;
    private const string ResourceName = "LlmGateway.Domain.Inspection.character-model.bin";

    private static readonly Lazy<CharacterModel> Embedded = new(LoadEmbedded);
    private static readonly byte[] AsciiClass = BuildAsciiClasses();

    /// <summary>Number of domain models (prose, code).</summary>
    public const int Domains = 2;

    private const int TableBytes = Symbols * Symbols * Symbols;

    private readonly byte[] _prose;
    private readonly byte[] _code;

    /// <param name="prose">For each trigram (a, b, c) at index (a * Symbols + b) * Symbols + c, -log2 p(c | a b) times <see cref="Scale"/>, in prose.</param>
    /// <param name="code">The same for source code and markup.</param>
    /// <param name="threshold">Mean surprisal in bits per character from which a window counts as machine-made.</param>
    /// <param name="contrast">Bits per character by which that window must exceed the request before it.</param>
    /// <param name="domainGap">See <see cref="DomainGap"/>.</param>
    public CharacterModel(byte[] prose, byte[] code, float threshold, float contrast, float domainGap)
    {
        ArgumentNullException.ThrowIfNull(prose);
        ArgumentNullException.ThrowIfNull(code);
        if (prose.Length != TableBytes || code.Length != TableBytes)
        {
            throw new ArgumentException($"Expected {TableBytes} trigram entries a domain, got {prose.Length} and {code.Length}.", nameof(prose));
        }

        _prose = prose;
        _code = code;
        Threshold = threshold;
        Contrast = contrast;
        DomainGap = domainGap;
    }

    /// <summary>The model trained by <c>bench/InjectionModel train-charlm</c>, shipped inside this assembly.</summary>
    public static CharacterModel Default => Embedded.Value;

    /// <summary>Mean surprisal (bits per character) from which a window of the suffix counts as machine-made.</summary>
    public float Threshold { get; }

    /// <summary>
    /// A window counts only when the two domains rate it within this many bits per character of each other: code is far
    /// better predicted by the code model than by the prose model (and prose the other way round), machine-made gibberish
    /// by neither.
    /// </summary>
    public float DomainGap { get; }

    /// <summary>How many bits per character the suffix's worst window must exceed the request before it.</summary>
    public float Contrast { get; }

    /// <summary>
    /// True when <paramref name="text"/> (the original, not normalised) ends in machine-made gibberish: a window of its
    /// last <see cref="SuffixChars"/> characters reaches <see cref="Threshold"/> and exceeds the request before it by
    /// <see cref="Contrast"/>. Text that is unpredictable throughout (a language or notation the model knows little of)
    /// has no contrast and is not reported.
    /// </summary>
    public bool HasGibberish(ReadOnlySpan<char> text)
    {
        var score = Score(text);
        return score.Suffix >= Threshold && score.Suffix - score.Request >= Contrast;
    }

    /// <summary>
    /// The worst window of the suffix (the last <see cref="SuffixChars"/> characters) and the mean of the request before
    /// it, in bits per character, each under the domain that predicts it best. In a text with no request of
    /// <see cref="MinRequestChars"/> scored characters before its suffix the request is 0 when the worst window holds markup,
    /// else what precedes that window, or the suffix itself (no contrast) when too little does; the suffix is 0 when it
    /// holds no full window.
    /// </summary>
    public SuffixScore Score(ReadOnlySpan<char> text)
    {
        // The suffix and the request just before it are all the decision needs.
        if (text.Length > SuffixChars + RequestChars)
        {
            text = text[^(SuffixChars + RequestChars)..];
        }

        // Rings of the last WindowChars surprisals under each domain and their running sums.
        Span<byte> proseRing = stackalloc byte[WindowChars];
        Span<byte> codeRing = stackalloc byte[WindowChars];
        Span<byte> markupRing = stackalloc byte[WindowChars];
        var markup = 0;
        var worstHasMarkup = false;
        var suffixStart = text.Length - SuffixChars;
        var maxGap = (int)Math.Min(int.MaxValue / 2, DomainGap * Scale * WindowChars);
        var proseSum = 0;
        var codeSum = 0;
        var count = 0;
        var slot = 0;
        var worst = 0;
        long requestProse = 0;
        long requestCode = 0;
        var requestCount = 0;
        long totalProse = 0;
        long totalCode = 0;
        long beforeWorstProse = 0;
        long beforeWorstCode = 0;
        var beforeWorstCount = 0;
        var a = 0;
        var b = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (SkippedAt(text, i) is var skip and > 0)
            {
                i += skip;
                a = b = 0;
                continue;
            }

            var c = Classify(text[i]);
            var index = (((a * Symbols) + b) * Symbols) + c;
            int prose = _prose[index];
            int code = _code[index];
            var full = count >= WindowChars;
            proseSum += prose - (full ? proseRing[slot] : 0);
            codeSum += code - (full ? codeRing[slot] : 0);
            var isMarkup = IsMarkup(text[i]) ? (byte)1 : (byte)0;
            markup += isMarkup - (full ? markupRing[slot] : 0);
            proseRing[slot] = (byte)prose;
            codeRing[slot] = (byte)code;
            markupRing[slot] = isMarkup;
            slot = slot == WindowChars - 1 ? 0 : slot + 1;
            count++;
            totalProse += prose;
            totalCode += code;
            if (i < suffixStart)
            {
                requestProse += prose;
                requestCode += code;
                requestCount++;
            }
            else if (count >= WindowChars && Math.Abs(proseSum - codeSum) <= maxGap && Math.Min(proseSum, codeSum) > worst)
            {
                worst = Math.Min(proseSum, codeSum);
                worstHasMarkup = markup > 0;
                beforeWorstProse = totalProse - proseSum;
                beforeWorstCode = totalCode - codeSum;
                beforeWorstCount = count - WindowChars;
            }

            a = b;
            b = c;
            i++;
        }

        // A text shorter than a suffix has no request before it. When its worst window is words and sentence punctuation
        // only, what comes before that window is the request, and with too little of that the window counts as the request
        // itself (never reported): a short prompt in a language the model knows little of (Hindi or Swahili in Latin
        // letters, Turkish) is unpredictable throughout, not a suffix. A window with brackets, slashes or other markup
        // stays judged alone, as machine-made suffixes are.
        var suffix = (double)worst / Scale / WindowChars;
        var request = requestCount >= MinRequestChars ? (double)Math.Min(requestProse, requestCode) / Scale / requestCount
            : worstHasMarkup ? 0
            : beforeWorstCount >= MinRequestChars ? (double)Math.Min(beforeWorstProse, beforeWorstCode) / Scale / beforeWorstCount
            : suffix;
        return new SuffixScore(suffix, request);
    }

    // ASCII symbols of code and markup, not of sentences: what optimised suffixes are strung together with.
    private static bool IsMarkup(char c) =>
        c is '\\' or '/' or '[' or ']' or '(' or ')' or '{' or '}' or '<' or '>' or '*' or '+' or '=' or '_' or '|' or '~' or '^' or '$' or '#' or '@' or '%' or '&' or '`';

    /// <summary>
    /// The classes of <paramref name="text"/>'s scored characters as the scorer reads them, -1 where a skipped token
    /// resets the context (what the trainer counts).
    /// </summary>
    public static void Sequence(ReadOnlySpan<char> text, List<int> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var i = 0;
        while (i < text.Length)
        {
            if (SkippedAt(text, i) is var skip and > 0)
            {
                i += skip;
                symbols.Add(-1);
                continue;
            }

            symbols.Add(Classify(text[i]));
            i++;
        }
    }

    /// <summary>The length of the skipped token (URL, encoding, reference code) that starts at <paramref name="i"/>, or 0.</summary>
    private static int SkippedAt(ReadOnlySpan<char> text, int i) =>
        i == 0 || char.IsWhiteSpace(text[i - 1]) ? SkippedTokenLength(text[i..]) : 0;

    // A URL, or a run of encoding characters long enough to be a hash, key, identifier or path: not language.
    private static int SkippedTokenLength(ReadOnlySpan<char> token)
    {
        var end = token.IndexOfAny(Whitespace);
        if (end < 0)
        {
            end = token.Length;
        }

        var word = token[..end];
        if (word.Contains("://", StringComparison.Ordinal) || word.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            return end;
        }

        if (IsIdentifier(word) || IsBalancedNotation(word))
        {
            return end;
        }

        // The longest run of encoding characters: a data: URI or "key=<base64>" is skipped whole.
        var run = 0;
        foreach (var c in word)
        {
            run = char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '_' or '-' or '.' or ':' or '\\' ? run + 1 : 0;
            if (run >= MinSkippedTokenChars)
            {
                return end;
            }
        }

        return 0;
    }

    // An order number, ticket or reference code (pm-7f3kq9zx, INC0042317, a1b2c3d4): letters and digits mixed in one
    // token of at least MinIdentifierChars, and nothing else but - and _. Unpredictable, but not language either.
    private static bool IsIdentifier(ReadOnlySpan<char> word)
    {
        if (word.Length < MinIdentifierChars)
        {
            return false;
        }

        bool letters = false, digits = false;
        foreach (var c in word)
        {
            if (char.IsAsciiDigit(c))
            {
                digits = true;
            }
            else if (char.IsAsciiLetter(c))
            {
                letters = true;
            }
            else if (c is not ('-' or '_'))
            {
                return false;
            }
        }

        return letters && digits;
    }

    // Notation whose brackets pair up inside the token: a formula (\frac{n!}{k!}, (x+1)^2), a template placeholder
    // ({{user.name}}, ${arr[@]}), an index (arr[i][j]), a call (f(x)). Predictable to a reader, rare in the training text;
    // optimised suffixes string brackets together without pairing them ("oppositeley.](", "{\comment={[@").
    private static bool IsBalancedNotation(ReadOnlySpan<char> word)
    {
        word = word.TrimEnd(".,;:!?");
        ulong open = 0; // the open brackets, two bits each, innermost lowest
        var depth = 0;
        var pairs = 0;
        foreach (var c in word)
        {
            if (c is '(' or '[' or '{')
            {
                if (depth == 32)
                {
                    return false;
                }

                open = (open << 2) | BracketKind(c);
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0 || (open & 3) != BracketKind(c))
                {
                    return false;
                }

                open >>= 2;
                depth--;
                pairs++;
            }
        }

        return pairs > 0 && depth == 0;

        static ulong BracketKind(char c) => c is '(' or ')' ? 1UL : c is '[' or ']' ? 2UL : 3UL;
    }

    private static readonly System.Buffers.SearchValues<char> Whitespace = System.Buffers.SearchValues.Create(" \t\r\n\f\v");

    /// <summary>The character class of <paramref name="c"/> (0 to <see cref="Symbols"/> - 1).</summary>
    public static int Classify(char c) => c < 128 ? AsciiClass[c] : char.IsLetter(c) ? 44 : char.IsWhiteSpace(c) ? 0 : 45;

    private static byte[] BuildAsciiClasses()
    {
        // 0 space, 1 line break, 2-27 a-z, 28 A-Z, 29 digits, 30-45 punctuation groups (44, 45 are non-ASCII), 46 control, 47 unused.
        var classes = new byte[128];
        for (var c = 0; c < 128; c++)
        {
            classes[c] = (char)c switch
            {
                ' ' or '\t' => 0,
                '\n' or '\r' => 1,
                >= 'a' and <= 'z' => (byte)(2 + c - 'a'),
                >= 'A' and <= 'Z' => 28,
                >= '0' and <= '9' => 29,
                '.' => 30,
                ',' => 31,
                ';' or ':' => 32,
                '!' or '?' => 33,
                '\'' or '"' or '`' => 34,
                '(' or ')' => 35,
                '[' or ']' => 36,
                '{' or '}' => 37,
                '<' or '>' => 38,
                '/' or '\\' or '|' => 39,
                '-' or '_' => 40,
                '=' or '+' => 41,
                '*' or '&' or '^' or '%' => 42,
                '$' or '#' or '@' or '~' => 43,
                _ => 46,
            };
        }

        return classes;
    }

    public byte[] Serialize()
    {
        var bytes = new byte[HeaderBytes + (Domains * TableBytes)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Symbols);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8), Threshold);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(12), Contrast);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(16), DomainGap);
        _prose.CopyTo(bytes, HeaderBytes);
        _code.CopyTo(bytes, HeaderBytes + TableBytes);
        return bytes;
    }

    public static CharacterModel Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic
            || BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) != Symbols)
        {
            throw new InvalidDataException("Not a character model file.");
        }

        if (bytes.Length != HeaderBytes + (Domains * TableBytes))
        {
            throw new InvalidDataException("Truncated character model file.");
        }

        var tables = bytes[HeaderBytes..];
        return new CharacterModel(tables[..TableBytes].ToArray(), tables[TableBytes..].ToArray(), BinaryPrimitives.ReadSingleLittleEndian(bytes[8..]), BinaryPrimitives.ReadSingleLittleEndian(bytes[12..]), BinaryPrimitives.ReadSingleLittleEndian(bytes[16..]));
    }

    private static CharacterModel LoadEmbedded()
    {
        return Deserialize(EmbeddedResource.ReadAllBytes(typeof(CharacterModel).Assembly, ResourceName));
    }
}

/// <param name="Suffix">Mean surprisal (bits per character) of the suffix's worst window.</param>
/// <param name="Request">
/// Mean surprisal of the text before the suffix; for a text without one, see <see cref="CharacterModel.Score"/>.
/// </param>
public readonly record struct SuffixScore(double Suffix, double Request);
