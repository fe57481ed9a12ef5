using System.Buffers;
using System.Text.RegularExpressions;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Where, in the text received so far, a detector's matches can start — found without running its regex, so the
/// streaming filter can release text up to the first place where a match is still possible. Nothing before
/// <paramref name="from"/> is examined except as look-behind context.
/// </summary>
/// <param name="text">The text received so far; it ends where the answer has got to, not where the answer ends.</param>
/// <param name="from">Where the detector's scan goes on from: every match that starts before it is known.</param>
public delegate MatchStartBound MatchStartFinder(ReadOnlySpan<char> text, int from);

/// <summary>What a <see cref="MatchStartFinder"/> knows about the positions from <c>from</c> on.</summary>
/// <param name="Candidate">The first position where a match could start whose outcome the text received already decides: the
/// regex must run from here to <paramref name="Undecided"/>. Equal to <paramref name="Undecided"/> when no match can start before it.</param>
/// <param name="Undecided">The first position where text still to come could change whether a match starts there, or how
/// long it is; the text's length when there is none. At every position before it, the outcome is the same whatever follows.</param>
public readonly record struct MatchStartBound(int Candidate, int Undecided);

/// <summary>
/// The <see cref="MatchStartFinder"/>s of the built-in detectors. Each finder must be conservative: a position it
/// passes over as "no match starts here" or as "decided" must be so for every continuation of the text. A finder may
/// assume what <see cref="OutputFilter.LookaroundMargin"/> states: a pattern looks at most that many characters
/// beyond the characters it consumes.
/// </summary>
public static class MatchStarts
{
    private const int Margin = OutputFilter.LookaroundMargin;

    internal const string AsciiAlphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Characters that <c>\b</c> certainly counts as word characters (it counts all letters and digits).</summary>
    internal const string AsciiWord = AsciiAlphanumeric + "_";

    /// <summary>
    /// Non-ASCII characters that a case-insensitive, culture-invariant regex treats as an ASCII letter (the Kelvin
    /// sign as k, the long s as s), and the dotted and dotless i for good measure. Ordinal comparison does not, so a
    /// case-insensitive finder gives up (stays conservative) where one of them appears.
    /// </summary>
    internal static readonly SearchValues<char> CaseFoldExceptions = SearchValues.Create("\u0130\u0131\u017F\u212A");

    private static readonly SearchValues<char> EmailLocal = SearchValues.Create(AsciiAlphanumeric + "._%+-");
    private static readonly SearchValues<char> EmailDomain = SearchValues.Create(AsciiAlphanumeric + ".-");
    private static readonly SearchValues<char> SchemeChars = SearchValues.Create(AsciiAlphanumeric + "+.-");
    private static readonly SearchValues<char> NotInUrlUser = SearchValues.Create(" \t\r\n\f\v:/@\"'<>");
    private static readonly SearchValues<char> NotInUrlPassword = SearchValues.Create(" \t\r\n\f\v/@\"'<>");

    /// <summary>
    /// A match starts with one of <paramref name="anchors"/>. A match in progress can start only at an anchor, or at
    /// the text's last characters where they begin an anchor. The finder never declares an anchor decided: the scan
    /// resolves it once the detector's whole <see cref="SecretDetector.MaxLength"/> has arrived after it.
    /// </summary>
    /// <param name="notAfter">Characters that may not come right before a match (<c>\b</c>: <see cref="AsciiWord"/>).</param>
    /// <param name="head">Optional: a pattern anchored with <c>\G</c> that every match begins with (the start of the
    /// detector's own pattern, or something looser), and <paramref name="headLength"/>, the longest text it can consume.
    /// An anchor where the head does not match, once that much text and the margin have arrived, is no match.</param>
    public static MatchStartFinder Anchored(string[] anchors, bool ignoreCase = false, string? notAfter = null, Regex? head = null, int headLength = 0) =>
        new AnchorFinder(anchors, ignoreCase, notAfter, head, headLength).Find;

    /// <summary>
    /// A match starts with a character of <paramref name="first"/>, consumes only characters of <paramref name="run"/>
    /// (and of <paramref name="first"/>), and contains one of <paramref name="required"/> when given. A start is decided
    /// once the run of such characters from it has ended and the margin has arrived after it.
    /// </summary>
    public static MatchStartFinder Runs(string first, string run, string? required = null, string? notAfter = null) =>
        new RunFinder(first, run, required, notAfter).Find;

    /// <summary>
    /// For a pattern whose match starts after what it looks behind at (the value of <c>name = value</c>, the name a
    /// look-behind): <paramref name="inner"/> finds where that look-behind text starts, at most <paramref name="reach"/>
    /// characters before the match, so it is asked from that much earlier and its answer is moved up to <c>from</c>.
    /// </summary>
    public static MatchStartFinder Behind(MatchStartFinder inner, int reach) => new BehindFinder(inner, reach).Find;

    /// <summary>
    /// A match starts at the start of a run of <paramref name="chars"/> (not right after one of them) that is at least
    /// <paramref name="minLength"/> long, and consumes only that run and what follows it within the margin. A start is
    /// decided once its run has ended and the margin has arrived after it.
    /// </summary>
    public static MatchStartFinder LongRuns(string chars, int minLength) => new LongRunFinder(SearchValues.Create(chars), minLength).Find;

    /// <summary>For a pattern of two alternatives, each with its finder: a match starts where either finder says one may.</summary>
    public static MatchStartFinder Either(MatchStartFinder first, MatchStartFinder second) => (text, from) =>
    {
        var a = first(text, from);
        var b = second(text, from);
        return new MatchStartBound(Math.Min(a.Candidate, b.Candidate), Math.Min(a.Undecided, b.Undecided));
    };

    /// <summary>
    /// <c>local@domain</c>: the local part is 1-64 of <c>[A-Za-z0-9._%+-]</c> right before the <c>@</c>; the domain
    /// consumes only <c>[A-Za-z0-9.-]</c>. Only the run of local-part characters at the end of the text, or a local
    /// part whose domain is still arriving, is undecided.
    /// </summary>
    public static MatchStartBound Email(ReadOnlySpan<char> text, int from)
    {
        const int LocalMax = 64;
        var candidate = -1;
        var pos = from;
        while (true)
        {
            var at = text[pos..].IndexOf('@');
            if (at < 0)
            {
                // No '@' yet: only the trailing local-part run can still meet one.
                var undecided = Math.Max(pos, Math.Max(text.Length - LocalMax, RunStartBefore(text, text.Length, EmailLocal, pos)));
                return new MatchStartBound(candidate < 0 ? undecided : candidate, undecided);
            }

            at += pos;
            var start = Math.Max(at - LocalMax, RunStartBefore(text, at, EmailLocal, pos));
            if (start < at)
            {
                var domainEnd = RunEnd(text, at + 1, EmailDomain);
                if (domainEnd + Margin > text.Length)
                {
                    return new MatchStartBound(candidate < 0 ? start : candidate, start);
                }

                candidate = candidate < 0 ? start : candidate;
            }

            // The domain's characters may start another address ("a@b@c.org"): go on right after the '@'.
            pos = at + 1;
        }
    }

    /// <summary>
    /// An address written out against harvesters, "name [at] domain [dot] com" or "name at domain dot com": the match
    /// starts at the local part, 1-64 of <c>[A-Za-z0-9._%+-]</c> and up to two spaces before the "at" marker, and ends
    /// after the domain's labels and their "dot" markers. Undecided: a marker whose domain is still arriving, and the
    /// text's last word (with up to two spaces and what may begin a marker after it), which an "at" may still follow.
    /// </summary>
    public static MatchStartBound ObfuscatedEmail(ReadOnlySpan<char> text, int from)
    {
        const int LocalMax = 64;
        var candidate = -1;
        var pos = from;
        while (pos < text.Length)
        {
            var found = text[pos..].IndexOf("at", StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                break;
            }

            var at = pos + found;
            pos = at + 1;
            if (at == 0 || at + 2 >= text.Length)
            {
                // Text that ends with "at" is the trailing word's business below.
                continue;
            }

            var bracketed = "[({<".Contains(text[at - 1]) && "])}>".Contains(text[at + 2]);
            if (!bracketed && !(text[at - 1] is ' ' or '\t' && text[at + 2] is ' ' or '\t'))
            {
                continue;
            }

            var localEnd = at - 1;
            for (var spaces = 0; spaces < 2 && localEnd > from && text[localEnd - 1] is ' ' or '\t'; spaces++)
            {
                localEnd--;
            }

            var start = Math.Max(localEnd - LocalMax, RunStartBefore(text, localEnd, EmailLocal, from));
            if (start >= localEnd)
            {
                continue;
            }

            var end = ObfuscatedDomainEnd(text, at + 3);
            if (end < 0 || end + Margin > text.Length)
            {
                return new MatchStartBound(candidate < 0 ? start : candidate, start);
            }

            candidate = candidate < 0 ? start : candidate;
        }

        // The last word, up to two spaces and the beginning of a marker ("[a", "(at", " a") after it: an "at" may follow.
        var tail = text.Length;
        for (var i = 0; i < 3 && tail > from && "[({<aAtT".Contains(text[tail - 1]); i++)
        {
            tail--;
        }

        for (var i = 0; i < 2 && tail > from && text[tail - 1] is ' ' or '\t'; i++)
        {
            tail--;
        }

        var trailing = Math.Max(from, Math.Max(tail - LocalMax, RunStartBefore(text, tail, EmailLocal, from)));
        var undecided = trailing < tail ? trailing : text.Length;
        return new MatchStartBound(candidate < 0 ? undecided : candidate, undecided);
    }

    /// <summary>
    /// Where the domain after an "at" marker ends (its labels and the ".", " dot " or "[dot]" between them), or -1 while
    /// text still to come could make it longer.
    /// </summary>
    private static int ObfuscatedDomainEnd(ReadOnlySpan<char> text, int pos)
    {
        for (var labels = 0; labels < 6; labels++)
        {
            while (pos < text.Length && text[pos] is ' ' or '\t')
            {
                pos++;
            }

            pos = RunEnd(text, pos, EmailDomain);
            if (pos == text.Length)
            {
                return -1;
            }

            // A "dot" marker after the label: " dot ", "[dot]", "(dot)"; a plain '.' is part of the label run.
            var next = pos;
            while (next < text.Length && next - pos < 2 && text[next] is ' ' or '\t')
            {
                next++;
            }

            var rest = text[next..];
            if (rest.Length < 5)
            {
                return -1;
            }

            var marker = rest[..5];
            if (!(("[({<".Contains(marker[0]) && marker[1..4].Equals("dot", StringComparison.OrdinalIgnoreCase) && "])}>".Contains(marker[4])) ||
                (next > pos && marker[..3].Equals("dot", StringComparison.OrdinalIgnoreCase) && marker[3] is ' ' or '\t')))
            {
                return pos;
            }

            pos = next + (marker[0] is '[' or '(' or '{' or '<' ? 5 : 4);
        }

        return pos;
    }

    /// <summary>
    /// <c>scheme://user:password@</c>: the scheme is 2-21 of <c>[a-zA-Z0-9+.-]</c> right before <c>://</c>, the user part
    /// has no <c>:</c>, and the password ends at the first <c>@</c>, <c>/</c>, quote or white space.
    /// </summary>
    public static MatchStartBound UrlCredentials(ReadOnlySpan<char> text, int from)
    {
        const int SchemeMax = 21;
        var candidate = -1;
        var pos = from;
        while (true)
        {
            var separator = text[pos..].IndexOf("://", StringComparison.Ordinal);
            if (separator < 0)
            {
                // The scheme of a URL still arriving: the run of scheme characters at the end, and a ':' or ":/" after it.
                var end = Math.Max(pos, text.EndsWith(":/", StringComparison.Ordinal) ? text.Length - 2 : text.EndsWith(':') ? text.Length - 1 : text.Length);
                var undecided = Math.Max(pos, Math.Max(end - SchemeMax, RunStartBefore(text, end, SchemeChars, pos)));
                if (undecided == end)
                {
                    undecided = text.Length;
                }

                return new MatchStartBound(candidate < 0 ? undecided : candidate, undecided);
            }

            separator += pos;
            var start = Math.Max(separator - SchemeMax, RunStartBefore(text, separator, SchemeChars, pos));
            if (start <= separator - 2)
            {
                var outcome = UserInfoOutcome(text, separator + 3);
                if (outcome == Outcome.Undecided)
                {
                    return new MatchStartBound(candidate < 0 ? start : candidate, start);
                }

                if (outcome == Outcome.Possible)
                {
                    candidate = candidate < 0 ? start : candidate;
                }
            }

            pos = separator + 1;
        }
    }

    /// <summary>After <c>://</c>: <c>[^\s:/@"'&lt;&gt;]{1,128}:[^\s/@"'&lt;&gt;]{1,256}@</c>.</summary>
    private static Outcome UserInfoOutcome(ReadOnlySpan<char> text, int start)
    {
        var userEnd = RunEndExcept(text, start, NotInUrlUser, 129);
        if (userEnd == text.Length)
        {
            return Outcome.Undecided;
        }

        if (userEnd == start || userEnd - start > 128 || text[userEnd] != ':')
        {
            return Outcome.NoMatch;
        }

        var passwordEnd = RunEndExcept(text, userEnd + 1, NotInUrlPassword, 257);
        if (passwordEnd == text.Length)
        {
            return Outcome.Undecided;
        }

        return passwordEnd > userEnd + 1 && passwordEnd - userEnd - 1 <= 256 && text[passwordEnd] == '@' ? Outcome.Possible : Outcome.NoMatch;
    }

    /// <summary>The end of the run of <paramref name="chars"/> from <paramref name="start"/>.</summary>
    private static int RunEnd(ReadOnlySpan<char> text, int start, SearchValues<char> chars)
    {
        var length = text[start..].IndexOfAnyExcept(chars);
        return length < 0 ? text.Length : start + length;
    }

    /// <summary>The end of the run of characters not in <paramref name="stops"/> from <paramref name="start"/>, looking at most <paramref name="limit"/> far.</summary>
    private static int RunEndExcept(ReadOnlySpan<char> text, int start, SearchValues<char> stops, int limit)
    {
        var window = text[start..Math.Min(text.Length, start + limit)];
        var length = window.IndexOfAny(stops);
        return length >= 0 ? start + length : start + limit < text.Length ? start + limit : text.Length;
    }

    /// <summary>The start of the run of <paramref name="chars"/> that ends at <paramref name="end"/>, not before <paramref name="floor"/>.</summary>
    private static int RunStartBefore(ReadOnlySpan<char> text, int end, SearchValues<char> chars, int floor)
    {
        var other = text[floor..end].LastIndexOfAnyExcept(chars);
        return other < 0 ? floor : floor + other + 1;
    }

    private enum Outcome
    {
        NoMatch,
        Possible,
        Undecided,
    }

    internal sealed class AnchorFinder
    {
        /// <summary>The anchors by their first character (lower-cased when case-insensitive); anchors are ASCII.</summary>
        private readonly string[][] _byFirst = new string[128][];
        private readonly SearchValues<string> _search;
        private readonly string[] _anchors;

        /// <summary>The anchors' common beginning when it is at least two characters long, else null.</summary>
        private readonly string? _prefix;
        private readonly SearchValues<char> _firsts;
        private readonly StringComparison _comparison;
        private readonly SearchValues<char>? _notAfter;
        private readonly Regex? _head;
        private readonly int _headReach;
        private readonly int _longest;

        public AnchorFinder(string[] anchors, bool ignoreCase, string? notAfter, Regex? head, int headLength)
        {
            foreach (var anchor in anchors)
            {
                var key = ignoreCase ? char.ToLowerInvariant(anchor[0]) : anchor[0];
                _byFirst[key] = [.. _byFirst[key] ?? [], anchor];
            }

            _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            _search = SearchValues.Create(anchors, _comparison);
            _anchors = anchors;
            IgnoreCase = ignoreCase;
            var common = anchors[0].Length;
            foreach (var anchor in anchors)
            {
                common = Math.Min(common, anchors[0].AsSpan().CommonPrefixLength(anchor));
            }

            _prefix = ignoreCase || common < 2 ? null : anchors[0][..common];
            var firsts = new System.Text.StringBuilder();
            foreach (var anchor in anchors)
            {
                firsts.Append(anchor[0]);
                _longest = Math.Max(_longest, anchor.Length);
            }

            _firsts = SearchValues.Create(ignoreCase ? $"{firsts.ToString().ToUpperInvariant()}{firsts.ToString().ToLowerInvariant()}" : firsts.ToString());
            _notAfter = notAfter is null ? null : SearchValues.Create(notAfter);
            _head = head;
            _headReach = headLength + Margin;
        }

        /// <summary>The strings every match starts with.</summary>
        public IReadOnlyList<string> Anchors => _anchors;

        public bool IgnoreCase { get; }

        /// <summary>The longest anchor.</summary>
        public int Longest => _longest;

        public MatchStartBound Find(ReadOnlySpan<char> text, int from)
        {
            if (_comparison == StringComparison.OrdinalIgnoreCase && text[from..].ContainsAny(CaseFoldExceptions))
            {
                return new MatchStartBound(from, from);
            }

            var tail = Math.Max(from, text.Length - _longest + 1);
            var pos = from;
            while (true)
            {
                // Neither an anchor nor its beginning at the end of the text can start before an anchor's first character.
                var first = text[pos..].IndexOfAny(_firsts);
                if (first < 0)
                {
                    return new MatchStartBound(text.Length, text.Length);
                }

                pos += first;
                var found = IndexOfAnchor(text[pos..]);
                var at = found < 0 ? text.Length : pos + found;
                for (var partial = Math.Max(pos, tail); partial < at; partial++)
                {
                    if (BeginsAnchor(text[partial..]) && MayStartAt(text, partial))
                    {
                        return new MatchStartBound(partial, partial);
                    }
                }

                if (at == text.Length)
                {
                    return new MatchStartBound(at, at);
                }

                if (MayStartAt(text, at) && !HeadRejects(text, at))
                {
                    return new MatchStartBound(at, at);
                }

                pos = at + 1;
            }
        }

        /// <summary>
        /// Where the first anchor starts. Anchors with a common beginning ("ghp_", "gho_", …) are found through it: the
        /// multi-string search is many times slower on some such sets than a search for the one beginning.
        /// </summary>
        private int IndexOfAnchor(ReadOnlySpan<char> text)
        {
            if (_prefix is null)
            {
                return text.IndexOfAny(_search);
            }

            var offset = 0;
            while (true)
            {
                var at = text[offset..].IndexOf(_prefix, StringComparison.Ordinal);
                if (at < 0)
                {
                    return -1;
                }

                at += offset;
                foreach (var anchor in _anchors)
                {
                    if (text[at..].StartsWith(anchor, StringComparison.Ordinal))
                    {
                        return at;
                    }
                }

                offset = at + 1;
            }
        }

        private bool MayStartAt(ReadOnlySpan<char> text, int position) =>
            _notAfter is null || position == 0 || !_notAfter.Contains(text[position - 1]);

        private bool HeadRejects(ReadOnlySpan<char> text, int position) =>
            _head is not null && position + _headReach <= text.Length && !_head.IsMatch(text, position);

        /// <summary>Whether the end of the text, <paramref name="rest"/>, is the beginning of an anchor.</summary>
        private bool BeginsAnchor(ReadOnlySpan<char> rest)
        {
            var first = rest[0];
            if (!_firsts.Contains(first))
            {
                return false;
            }

            foreach (var anchor in _byFirst[_comparison == StringComparison.Ordinal ? first : char.ToLowerInvariant(first)] ?? [])
            {
                if (rest.Length < anchor.Length && anchor.AsSpan().StartsWith(rest, _comparison))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class RunFinder(string first, string run, string? required, string? notAfter)
    {
        private readonly SearchValues<char> _first = SearchValues.Create(first);
        private readonly SearchValues<char> _run = SearchValues.Create(first + run);
        private readonly SearchValues<char>? _required = required is null ? null : SearchValues.Create(required);
        private readonly SearchValues<char>? _notAfter = notAfter is null ? null : SearchValues.Create(notAfter);

        public MatchStartBound Find(ReadOnlySpan<char> text, int from)
        {
            if (_required is not null && !text[from..].ContainsAny(_required))
            {
                // No run here can hold a match; only a start whose run reaches the last margin's worth of text is open.
                var open = Math.Max(from, text.Length - Margin);
                var closed = text[from..open].LastIndexOfAnyExcept(_run);
                var start = text[(closed < 0 ? from : from + closed + 1)..].IndexOfAny(_first);
                var undecided = start < 0 ? text.Length : (closed < 0 ? from : from + closed + 1) + start;
                return new MatchStartBound(undecided, undecided);
            }

            var candidate = -1;
            var pos = from;
            while (pos < text.Length)
            {
                var found = text[pos..].IndexOfAny(_first);
                if (found < 0)
                {
                    break;
                }

                var start = pos + found;
                if (_notAfter is not null && start > 0 && _notAfter.Contains(text[start - 1]))
                {
                    pos = start + 1;
                    continue;
                }

                // Every start inside this run ends where it ends: they are decided, or not, together.
                var end = RunEnd(text, start, _run);
                if (end + Margin > text.Length)
                {
                    return new MatchStartBound(candidate < 0 ? start : candidate, start);
                }

                if (_required is null || text[start..end].ContainsAny(_required))
                {
                    candidate = candidate < 0 ? start : candidate;
                }

                pos = end;
            }

            return new MatchStartBound(candidate < 0 ? text.Length : candidate, text.Length);
        }
    }

    private sealed class LongRunFinder(SearchValues<char> chars, int minLength)
    {
        public MatchStartBound Find(ReadOnlySpan<char> text, int from)
        {
            var candidate = -1;
            var pos = from;
            if (pos > 0 && pos < text.Length && chars.Contains(text[pos - 1]))
            {
                // Inside a run that started before: no match starts in it.
                pos = RunEnd(text, pos, chars);
                if (pos + Margin > text.Length)
                {
                    return new MatchStartBound(pos, pos);
                }
            }

            while (pos < text.Length)
            {
                var found = text[pos..].IndexOfAny(chars);
                if (found < 0)
                {
                    break;
                }

                var start = pos + found;
                var end = RunEnd(text, start, chars);
                if (end + Margin > text.Length)
                {
                    return new MatchStartBound(candidate < 0 ? start : candidate, start);
                }

                if (end - start >= minLength && candidate < 0)
                {
                    candidate = start;
                }

                pos = end;
            }

            return new MatchStartBound(candidate < 0 ? text.Length : candidate, text.Length);
        }
    }

    internal sealed class BehindFinder(MatchStartFinder inner, int reach)
    {
        /// <summary>The finder of where the look-behind text starts.</summary>
        public MatchStartFinder Inner => inner;

        public MatchStartBound Find(ReadOnlySpan<char> text, int from)
        {
            var bound = inner(text, Math.Max(0, from - reach));
            return new MatchStartBound(Math.Max(from, bound.Candidate), Math.Max(from, bound.Undecided));
        }
    }
}
