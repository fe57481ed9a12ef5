using System.Globalization;
using System.Text;

namespace LlmGateway.Infrastructure.Inspection;

/// <summary>
/// BERT's uncased WordPiece tokenizer, as all-MiniLM-L6-v2 was trained with: control and format characters dropped,
/// lower case, accents stripped (NFD without combining marks), CJK ideographs and punctuation as words of their own,
/// then the longest matching vocabulary piece first, continuations as <c>##piece</c>, a word that does not split into
/// pieces (or is longer than <see cref="MaxWordChars"/>) as <c>[UNK]</c>. The case and accent folding of every BMP
/// character is computed once, so tokenizing allocates nothing. Immutable and safe to share across threads.
/// </summary>
internal sealed class WordPieceTokenizer
{
    public const int MaxWordChars = 100;

    private const string ContinuationPrefix = "##";

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _words;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;

    // Per BMP character: its folded form when that is one character ('\0' when it folds to nothing, '\uFFFF' when it
    // folds to more than one, which _multiFolds holds: Hangul syllables, for instance, decompose into their letters).
    private readonly char[] _fold;
    private readonly Dictionary<char, string> _multiFolds = [];

    private WordPieceTokenizer(Dictionary<string, int> words, Dictionary<string, int> continuations, int unknownId, int classifyId, int separatorId)
    {
        _words = words.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
        UnknownId = unknownId;
        ClassifyId = classifyId;
        SeparatorId = separatorId;
        _fold = new char[char.MaxValue + 1];
        var one = new char[1];
        var builder = new StringBuilder(4);
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var ch = (char)c;
            if (c < 128)
            {
                _fold[c] = char.ToLowerInvariant(ch);
                continue;
            }

            if (char.IsSurrogate(ch))
            {
                _fold[c] = ch;
                continue;
            }

            // Unassigned code points (U+FFFF among them, the multi-character marker) cannot be normalised: dropped.
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.OtherNotAssigned)
            {
                _fold[c] = '\0';
                continue;
            }

            one[0] = char.ToLowerInvariant(ch);
            var decomposed = new string(one);
            if (!decomposed.IsNormalized(NormalizationForm.FormD))
            {
                decomposed = decomposed.Normalize(NormalizationForm.FormD);
            }

            builder.Clear();
            foreach (var d in decomposed)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                {
                    builder.Append(d);
                }
            }

            switch (builder.Length)
            {
                case 0:
                    _fold[c] = '\0';
                    break;
                case 1:
                    _fold[c] = builder[0];
                    break;
                default:
                    _fold[c] = '\uFFFF';
                    _multiFolds[ch] = builder.ToString();
                    break;
            }
        }
    }

    public int UnknownId { get; }

    /// <summary>The id of <c>[CLS]</c>, which opens every window.</summary>
    public int ClassifyId { get; }

    /// <summary>The id of <c>[SEP]</c>, which closes every window.</summary>
    public int SeparatorId { get; }

    /// <summary>Reads a <c>vocab.txt</c> (one piece a line, the line number is the id).</summary>
    /// <exception cref="InvalidDataException">The vocabulary lacks <c>[UNK]</c>, <c>[CLS]</c> or <c>[SEP]</c>.</exception>
    public static WordPieceTokenizer Load(Stream vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        using var reader = new StreamReader(vocabulary, Encoding.UTF8);
        var id = 0;
        while (reader.ReadLine() is { } line)
        {
            var piece = line.TrimEnd('\r');
            if (piece.Length > ContinuationPrefix.Length && piece.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
            {
                continuations.TryAdd(piece[ContinuationPrefix.Length..], id);
            }
            else if (piece.Length > 0)
            {
                words.TryAdd(piece, id);
            }

            id++;
        }

        if (!words.TryGetValue("[UNK]", out var unknown) || !words.TryGetValue("[CLS]", out var classify) || !words.TryGetValue("[SEP]", out var separator))
        {
            throw new InvalidDataException($"The vocabulary ({id} lines) has no [UNK], [CLS] or [SEP] entry: it is not a BERT vocabulary.");
        }

        return new WordPieceTokenizer(words, continuations, unknown, classify, separator);
    }

    /// <summary>
    /// Appends the ids of <paramref name="text"/>'s pieces (without <c>[CLS]</c>/<c>[SEP]</c>) to <paramref name="ids"/>,
    /// growing it from <see cref="System.Buffers.ArrayPool{T}.Shared"/> as needed; returns the new count.
    /// </summary>
    public int Tokenize(ReadOnlySpan<char> text, ref long[] ids, int count)
    {
        Span<char> word = stackalloc char[MaxWordChars + 1];
        var length = 0;
        var overlong = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // Outside the BMP: emoji, historic scripts, rare ideographs. The vocabulary has none of them;
                // BERT treats the CJK extension blocks as words of their own and the rest as letters of a word.
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                i++;
                if (IsCjk(codePoint))
                {
                    count = Flush(word, ref length, ref overlong, ref ids, count);
                    count = Append(ref ids, count, UnknownId);
                }
                else
                {
                    length = AppendChar(word, length, '\uFFFD', ref overlong);
                }

                continue;
            }

            if (c is ' ' or '\t' or '\n' or '\r' || char.IsWhiteSpace(c))
            {
                count = Flush(word, ref length, ref overlong, ref ids, count);
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (c == '\0' || c == '\uFFFD' || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate)
            {
                continue;
            }

            if (IsCjk(c))
            {
                count = Flush(word, ref length, ref overlong, ref ids, count);
                count = WordPieces(new ReadOnlySpan<char>(in c), ref ids, count);
                continue;
            }

            var folded = _fold[c];
            if (folded == '\0')
            {
                continue;
            }

            if (IsPunctuation(c, category))
            {
                count = Flush(word, ref length, ref overlong, ref ids, count);
                count = WordPieces(new ReadOnlySpan<char>(in folded), ref ids, count);
                continue;
            }

            if (folded == '\uFFFF')
            {
                foreach (var f in _multiFolds[c])
                {
                    length = AppendChar(word, length, f, ref overlong);
                }
            }
            else
            {
                length = AppendChar(word, length, folded, ref overlong);
            }
        }

        return Flush(word, ref length, ref overlong, ref ids, count);
    }

    private static int AppendChar(Span<char> word, int length, char c, ref bool overlong)
    {
        if (length < MaxWordChars)
        {
            word[length] = c;
            return length + 1;
        }

        overlong = true;
        return length;
    }

    private int Flush(Span<char> word, ref int length, ref bool overlong, ref long[] ids, int count)
    {
        if (length > 0)
        {
            count = overlong ? Append(ref ids, count, UnknownId) : WordPieces(word[..length], ref ids, count);
        }

        length = 0;
        overlong = false;
        return count;
    }

    // Greedy longest-match-first; a word with any part outside the vocabulary is one [UNK], as in BERT.
    private int WordPieces(ReadOnlySpan<char> word, ref long[] ids, int count)
    {
        var start = 0;
        var first = count;
        while (start < word.Length)
        {
            var end = word.Length;
            var found = -1;
            while (end > start)
            {
                var lookup = start == 0 ? _words : _continuations;
                if (lookup.TryGetValue(word[start..end], out var id))
                {
                    found = id;
                    break;
                }

                end--;
            }

            if (found < 0)
            {
                return Append(ref ids, first, UnknownId);
            }

            count = Append(ref ids, count, found);
            start = end;
        }

        return count;
    }

    private static int Append(ref long[] ids, int count, int id)
    {
        if (count == ids.Length)
        {
            var larger = System.Buffers.ArrayPool<long>.Shared.Rent(Math.Max(256, ids.Length * 2));
            ids.AsSpan(0, count).CopyTo(larger);
            if (ids.Length > 0)
            {
                System.Buffers.ArrayPool<long>.Shared.Return(ids);
            }

            ids = larger;
        }

        ids[count] = id;
        return count + 1;
    }

    private static bool IsPunctuation(char c, UnicodeCategory category) =>
        c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~')
        || category is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;

    // The CJK Unified Ideographs blocks, as BERT's _is_chinese_char (Hiragana, Katakana and Hangul are not in them).
    private static bool IsCjk(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
