using System.Buffers;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// The anchors of every detector whose matches start at fixed strings (<see cref="MatchStarts.Anchored"/>), searched for
/// all at once: a detector none of whose anchors is in the new text need not run its own finder. In prose most chunks
/// hold no anchor at all, so one vectorised search replaces dozens of finder calls.
/// </summary>
internal sealed class AnchorGate
{
    /// <summary>Per anchor's lower-cased first character: the anchors and the detector each belongs to.</summary>
    private readonly (string Anchor, int Detector)[]?[] _byFirst = new (string, int)[]?[128];
    private readonly SearchValues<string> _search;

    private AnchorGate(MatchStartFinder?[] finders)
    {
        LongestAnchor = new int[finders.Length];
        var detectors = new List<int>();
        var anchors = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var d = 0; d < finders.Length; d++)
        {
            if (Anchors(finders[d]) is not { } finder)
            {
                continue;
            }

            detectors.Add(d);
            LongestAnchor[d] = finder.Longest;
            LongestOverall = Math.Max(LongestOverall, finder.Longest);
            foreach (var anchor in finder.Anchors)
            {
                anchors.Add(anchor);
                var first = char.ToLowerInvariant(anchor[0]);
                _byFirst[first] = [.. _byFirst[first] ?? [], (anchor, d)];
            }
        }

        // Longest first: MarkCutAnchors stops at the first anchor no longer than the text left.
        foreach (var byFirst in _byFirst)
        {
            if (byFirst is not null)
            {
                Array.Sort(byFirst, static (a, b) => b.Anchor.Length.CompareTo(a.Anchor.Length));
            }
        }

        Detectors = [.. detectors];
        _search = SearchValues.Create([.. anchors], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The gated detectors.</summary>
    public int[] Detectors { get; }

    /// <summary>The longest anchor of all.</summary>
    public int LongestOverall { get; }

    /// <summary>Per detector: its longest anchor; 0 for a detector that is not gated.</summary>
    public int[] LongestAnchor { get; }

    public static AnchorGate? Create(MatchStartFinder?[] finders)
    {
        foreach (var finder in finders)
        {
            if (Anchors(finder) is not null)
            {
                return new AnchorGate(finders);
            }
        }

        return null;
    }

    /// <summary>
    /// The anchors a detector's matches start at. A detector whose match starts after its anchor (<see cref="MatchStarts.Behind"/>)
    /// is not gated: its finder looks back from its scan position, which the gate's search does not.
    /// </summary>
    private static MatchStarts.AnchorFinder? Anchors(MatchStartFinder? finder) => finder?.Target switch
    {
        MatchStarts.AnchorFinder anchors => anchors,
        _ => null,
    };

    /// <summary>
    /// Sets <paramref name="cut"/>[d], for every gated detector d, to the first position from which the end of
    /// <paramref name="text"/> begins one of d's anchors (an anchor the next chunk may complete), else to the end of the
    /// text; positions are <paramref name="origin"/> plus the index in the text. Holding back only such a beginning, not
    /// the longest anchor's length, keeps a long anchor (a Discord webhook URL) from delaying every streamed answer.
    /// </summary>
    public void MarkCutAnchors(ReadOnlySpan<char> text, int origin, int[] cut)
    {
        var end = origin + text.Length;
        var from = Math.Max(0, text.Length - LongestOverall + 1);
        var tail = text[from..];
        var caseFolds = tail.ContainsAny(MatchStarts.CaseFoldExceptions);
        foreach (var d in Detectors)
        {
            cut[d] = caseFolds ? origin + from : end;
        }

        if (caseFolds)
        {
            return;
        }

        for (var i = 0; i < tail.Length; i++)
        {
            if (tail[i] >= '\u0080')
            {
                continue; // no anchor begins with it (the case-fold exceptions were handled above)
            }

            var rest = tail[i..];
            foreach (var (anchor, d) in _byFirst[char.ToLowerInvariant(tail[i])] ?? [])
            {
                if (anchor.Length <= rest.Length)
                {
                    break; // the rest are no longer: had they matched, the anchor search found them
                }

                if (cut[d] == end && rest.Equals(anchor.AsSpan(0, rest.Length), StringComparison.OrdinalIgnoreCase))
                {
                    cut[d] = origin + from + i;
                }
            }
        }
    }

    /// <summary>
    /// Sets <paramref name="found"/>[d] for every detector d one of whose anchors starts in <paramref name="text"/>
    /// (case-insensitively, which is conservative for case-sensitive anchors). Where a non-ASCII character could fold
    /// to an anchor's letter under a case-insensitive regex, every detector counts as found.
    /// </summary>
    public void Mark(ReadOnlySpan<char> text, bool[] found)
    {
        if (text.ContainsAny(MatchStarts.CaseFoldExceptions))
        {
            foreach (var d in Detectors)
            {
                found[d] = true;
            }

            return;
        }

        var pos = 0;
        while (pos < text.Length)
        {
            var at = text[pos..].IndexOfAny(_search);
            if (at < 0)
            {
                return;
            }

            pos += at;
            var first = text[pos];
            if (first >= '\u0080')
            {
                foreach (var d in Detectors)
                {
                    found[d] = true;
                }

                return;
            }

            foreach (var (anchor, d) in _byFirst[char.ToLowerInvariant(first)] ?? [])
            {
                if (!found[d] && text[pos..].StartsWith(anchor, StringComparison.OrdinalIgnoreCase))
                {
                    found[d] = true;
                }
            }

            pos++;
        }
    }
}
