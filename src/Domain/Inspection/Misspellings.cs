using System.Buffers;
using System.Collections.Frozen;

namespace LlmGateway.Domain.Inspection;

/// <summary>
/// Reads the key words of instruction overrides and extraction requests back from a one-letter misspelling
/// ("ignroe the previous instrucitons", "reveal your systm prompt"): a letter swapped with its neighbour, replaced,
/// added or left out, in a word of <see cref="MinLength"/> letters or more. The last letter is never the edited one,
/// so inflections ("ignored", "prompts", "developed") stay what they are, and real words one letter from a key word
/// ("forgot", "precious") are never changed. Everything is precomputed; a text with nothing to correct allocates nothing.
/// </summary>
internal static class Misspellings
{
    /// <summary>Shorter words are left alone: too many real words lie one letter apart.</summary>
    public const int MinLength = 5;

    // The words the override, extraction and persona rules turn on, in the languages whose rules spell them out.
    private static readonly string[] KeyWords =
    [
        "ignore", "disregard", "forget", "override", "bypass", "reveal", "pretend", "previous", "instructions", "instruction",
        "prompt", "prompts", "system", "guidelines", "restrictions", "unrestricted", "unfiltered", "uncensored", "jailbreak",
        "jailbroken", "developer", "confidential", "character",
        "ignoriere", "anweisungen", "vorherigen", "instrucciones", "anteriores", "istruzioni", "precedenti", "instrucoes",
        "instructies", "instrukcje", "zignoruj", "poprzednie",
    ];

    // Real words one edit from a key word (found on train's texts and from the words' own languages): left as written.
    private static readonly FrozenSet<string> RealWords = FrozenSet.Create(
        StringComparer.Ordinal,
        "forgot", "revel", "precious", "overrode", "caracter");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> RealWordLookup = RealWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Each key word under itself and under each of its one-letter deletions (never the last letter): a misspelling
    // shares one of these keys with the word it misspells, and IsOneEdit confirms it.
    private static readonly FrozenDictionary<string, string[]> Candidates = BuildCandidates();
    private static readonly FrozenDictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> CandidateLookup =
        Candidates.GetAlternateLookup<ReadOnlySpan<char>>();

    // For each pair of first two and of last two letters, the word lengths a misspelling of a key word with that pair can
    // have (bit n for length n): a one-letter edit of a word of five letters or more keeps one of the two pairs.
    private static readonly ulong[] FirstPairLengths = new ulong[26 * 26];
    private static readonly ulong[] LastPairLengths = new ulong[26 * 26];
    private static readonly int MaxLength = FillPairLengths();

    /// <summary>
    /// <paramref name="normalized"/> with each misspelt key word written correctly, in <paramref name="pooled"/> (rented for
    /// the caller to <see cref="TextNormalizer.Return"/>); when nothing is misspelt <paramref name="pooled"/> stays null and
    /// the result is empty.
    /// </summary>
    internal static ReadOnlySpan<char> Correct(ReadOnlySpan<char> normalized, ref char[]? pooled)
    {
        var written = 0;
        var copied = 0;
        for (var next = 0; next < normalized.Length;)
        {
            var letter = normalized[next..].IndexOfAnyInRange('a', 'z');
            if (letter < 0)
            {
                break;
            }

            var start = next + letter;
            var length = normalized[start..].IndexOfAnyExceptInRange('a', 'z');
            var end = length < 0 ? normalized.Length : start + length;
            if (KeyWordFor(normalized[start..end]) is { } word)
            {
                // At most one letter longer per corrected word of five or more letters.
                pooled ??= ArrayPool<char>.Shared.Rent(normalized.Length + (normalized.Length / MinLength) + 1);
                normalized[copied..start].CopyTo(pooled.AsSpan(written));
                written += start - copied;
                word.CopyTo(pooled.AsSpan(written));
                written += word.Length;
                copied = end;
            }

            next = end;
        }

        if (pooled is null)
        {
            return [];
        }

        normalized[copied..].CopyTo(pooled.AsSpan(written));
        return pooled.AsSpan(0, written + normalized.Length - copied);
    }

    /// <summary>The key word <paramref name="word"/> misspells by one letter, or null.</summary>
    internal static string? KeyWordFor(ReadOnlySpan<char> word)
    {
        if (word.Length < MinLength || word.Length > MaxLength
            || ((FirstPairLengths[Pair(word[0], word[1])] | LastPairLengths[Pair(word[^2], word[^1])]) & (1UL << word.Length)) == 0)
        {
            return null;
        }

        var found = Match(word, word);
        Span<char> shorter = stackalloc char[MaxLength];
        for (var i = 0; found is null && i < word.Length - 1; i++)
        {
            word[..i].CopyTo(shorter);
            word[(i + 1)..].CopyTo(shorter[i..]);
            found = Match(word, shorter[..(word.Length - 1)]);
        }

        // Rare (a candidate was found), so the exact checks come last.
        return found is null || IsKeyWord(word) || RealWordLookup.Contains(word) ? null : found;
    }

    private static bool IsKeyWord(ReadOnlySpan<char> word)
    {
        if (CandidateLookup.TryGetValue(word, out var candidates))
        {
            foreach (var candidate in candidates)
            {
                if (word.SequenceEqual(candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? Match(ReadOnlySpan<char> word, ReadOnlySpan<char> key)
    {
        if (!CandidateLookup.TryGetValue(key, out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (IsOneEdit(word, candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>One letter swapped with its neighbour, replaced, added or left out, never at the last letter of either.</summary>
    internal static bool IsOneEdit(ReadOnlySpan<char> word, ReadOnlySpan<char> key)
    {
        var common = word.CommonPrefixLength(key);
        if (word.Length == key.Length)
        {
            if (common >= word.Length - 1)
            {
                return false;
            }

            return word[(common + 1)..].SequenceEqual(key[(common + 1)..])
                || (word[common] == key[common + 1] && word[common + 1] == key[common] && common + 2 < word.Length && word[(common + 2)..].SequenceEqual(key[(common + 2)..]));
        }

        if (word.Length == key.Length + 1)
        {
            return common < word.Length - 1 && word[(common + 1)..].SequenceEqual(key[common..]);
        }

        return key.Length == word.Length + 1 && common < key.Length - 1 && key[(common + 1)..].SequenceEqual(word[common..]);
    }

    private static int Pair(char first, char second) => ((first - 'a') * 26) + (second - 'a');

    private static FrozenDictionary<string, string[]> BuildCandidates()
    {
        var byKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var word in KeyWords)
        {
            Add(word, word);
            for (var i = 0; i < word.Length - 1; i++)
            {
                Add(string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1)), word);
            }
        }

        var result = new Dictionary<string, string[]>(byKey.Count, StringComparer.Ordinal);
        foreach (var (key, words) in byKey)
        {
            result[key] = [.. words];
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);

        void Add(string key, string word)
        {
            if (!byKey.TryGetValue(key, out var words))
            {
                byKey[key] = words = [];
            }

            if (!words.Contains(word))
            {
                words.Add(word);
            }
        }
    }

    private static int FillPairLengths()
    {
        var longest = 0;
        foreach (var word in KeyWords)
        {
            var lengths = (7UL << (word.Length - 1)) & ~((1UL << MinLength) - 1);
            FirstPairLengths[Pair(word[0], word[1])] |= lengths;
            LastPairLengths[Pair(word[^2], word[^1])] |= lengths;
            longest = Math.Max(longest, word.Length + 1);
        }

        return longest;
    }
}
