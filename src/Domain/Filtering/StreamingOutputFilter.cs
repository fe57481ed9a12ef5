using System.Text;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Filters an answer that arrives in chunks. <see cref="Push"/> returns only text that can no longer be part of a
/// match; <see cref="Flush"/> returns the rest at the end. The concatenated output, and <see cref="Redactions"/>,
/// equal <see cref="OutputFilter.Filter"/> of the whole answer, however it was chunked.
/// </summary>
/// <remarks>
/// <para>Why it is exact: each detector keeps its own scan position and goes on from there, as its scan of the whole
/// answer would; text is released only up to the smallest of those positions, and never inside a match (accepted or
/// rejected by its validator). A detector's scan moves on over every position whose outcome — a match or not, and
/// how long — the text received already decides:</para>
/// <list type="bullet">
/// <item>positions more than its <see cref="SecretDetector.MaxLength"/> plus <see cref="OutputFilter.LookaroundMargin"/>
/// before the end of the text received (a match is at most that long and its pattern looks at most the margin beyond it);</item>
/// <item>positions its <see cref="SecretDetector.Starts"/> finder rules out or declares decided: no anchor there, a head
/// that cannot match, a run of the characters a match consumes that has ended (<see cref="MatchStarts"/>).</item>
/// </list>
/// <para>The regex runs only where a finder reports a decided candidate (or, for a detector without a finder, up to its
/// own final point); elsewhere the scan position just moves. So prose with no secret is released a few characters
/// after it arrives, a possible secret holds back text from its first character until it is decided, and the regexes
/// rarely run.</para>
/// <para>Hold-back: at most <see cref="OutputFilter.HoldBack"/> characters, plus the part of a final match (or of a chain
/// of overlapping matches of different detectors) that started before that point. One instance per answer; not
/// thread-safe.</para>
/// </remarks>
public sealed class StreamingOutputFilter
{
    /// <summary>Characters kept before the release point for look-behinds (<c>\b</c>, <c>(?&lt;!mailto):</c>).</summary>
    private const int ContextLength = OutputFilter.LookaroundMargin * 4;

    private readonly OutputFilter _filter;
    private readonly RedactionCounter _counts = new();

    /// <summary>Per detector: the absolute position its scan goes on from.</summary>
    private readonly int[] _resume;

    /// <summary>Final matches not yet released, accepted ones and all, in absolute positions.</summary>
    private readonly List<OutputFilter.Span> _raw = [];
    private readonly List<OutputFilter.Span> _accepted = [];
    private readonly List<OutputFilter.Span> _release = [];
    private readonly StringBuilder _output = new();

    /// <summary>Text received and not yet dropped: <c>_buffer[.._length]</c>.</summary>
    private char[] _buffer = [];
    private int _length;

    /// <summary>Absolute position of <c>_buffer[0]</c>.</summary>
    private int _offset;

    /// <summary>Absolute position up to which text has been released.</summary>
    private int _released;

    internal StreamingOutputFilter(OutputFilter filter)
    {
        _filter = filter;
        _resume = new int[filter.DetectorCount];
    }

    /// <summary>Characters received but not yet released.</summary>
    public int Pending => _offset + _length - _released;

    /// <summary>The redactions made so far, per type in order of first appearance.</summary>
    public IReadOnlyList<Redaction> Redactions => _counts.ToArray();

    /// <summary>Adds a chunk; returns the text that may be released now (often empty).</summary>
    public string Push(string chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Length == 0)
        {
            return string.Empty;
        }

        Append(chunk);
        var end = _offset + _length;
        var releasable = end;
        for (var d = 0; d < _resume.Length; d++)
        {
            if (_resume[d] < end)
            {
                _resume[d] = Advance(d, end);
            }

            releasable = Math.Min(releasable, _resume[d]);
        }

        return Release(KeepSurrogatePairsWhole(CutPoint(releasable)));
    }

    /// <summary>Releases everything still held back; call once at the end of the answer.</summary>
    public string Flush()
    {
        var end = _offset + _length;
        for (var d = 0; d < _resume.Length; d++)
        {
            if (_resume[d] < end)
            {
                var accepted = _accepted.Count;
                _resume[d] = _offset + _filter.Scan(d, _buffer.AsSpan(0, _length), _resume[d] - _offset, _length, _accepted, raw: null);
                ToAbsolute(_accepted, accepted);
            }
        }

        _raw.Clear();
        return Release(end);
    }

    /// <summary>
    /// Moves detector <paramref name="d"/>'s scan over every position whose outcome is decided, running its regex where a
    /// match can start there; returns where its scan now goes on from.
    /// </summary>
    private int Advance(int d, int end)
    {
        var from = _resume[d];
        var text = _buffer.AsSpan(0, _length);
        var finder = _filter.StartsOf(d);
        var bound = finder is null ? new MatchStartBound(from - _offset, from - _offset) : finder(text, from - _offset);
        var candidate = _offset + bound.Candidate;
        var undecided = _offset + bound.Undecided;

        // Every match that starts before `final` has all the text it can need (MaxLength + margin).
        var final = end - _filter.MaxLengthOf(d) - OutputFilter.LookaroundMargin;
        if (undecided < final)
        {
            candidate = Math.Min(candidate, undecided);
            undecided = final;
        }

        if (candidate >= undecided)
        {
            return undecided;
        }

        var accepted = _accepted.Count;
        var raw = _raw.Count;
        var resume = _offset + _filter.Scan(d, text, candidate - _offset, undecided - _offset, _accepted, _raw);
        ToAbsolute(_accepted, accepted);
        ToAbsolute(_raw, raw);
        return resume;
    }

    private void ToAbsolute(List<OutputFilter.Span> spans, int from)
    {
        for (var i = from; i < spans.Count; i++)
        {
            spans[i] = spans[i].Shift(_offset);
        }
    }

    private void Append(string chunk)
    {
        if (_length + chunk.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_length + chunk.Length, Math.Max(256, _buffer.Length * 2)));
        }

        chunk.CopyTo(_buffer.AsSpan(_length));
        _length += chunk.Length;
    }

    /// <summary>
    /// <paramref name="safe"/> if no final match covers it; otherwise the start of the group of overlapping matches
    /// that does (no match covers that point, so every detector's scan passes through it). Matches found ahead of
    /// <paramref name="safe"/> wait for a later release.
    /// </summary>
    private int CutPoint(int safe)
    {
        _raw.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var reach = _released;
        var groupStart = _released;
        foreach (var span in _raw)
        {
            if (span.Start >= safe)
            {
                break;
            }

            if (span.Start >= reach)
            {
                groupStart = span.Start;
            }

            reach = Math.Max(reach, span.End);
        }

        return reach <= safe ? safe : groupStart;
    }

    /// <summary>
    /// One character earlier when <paramref name="cut"/> falls between the two halves of a surrogate pair, so every
    /// released piece is valid UTF-16 on its own (a lone half becomes U+FFFD once written as JSON).
    /// </summary>
    private int KeepSurrogatePairsWhole(int cut)
    {
        if (cut <= _released || cut >= _offset + _buffer.Length || !char.IsHighSurrogate(_buffer[cut - 1 - _offset]))
        {
            return cut;
        }

        foreach (var span in _accepted)
        {
            if (span.Start < cut && span.End >= cut)
            {
                return cut;
            }
        }

        return cut - 1;
    }

    private string Release(int cut)
    {
        if (cut <= _released)
        {
            return string.Empty;
        }

        _release.Clear();
        for (var i = _accepted.Count - 1; i >= 0; i--)
        {
            if (_accepted[i].Start < cut)
            {
                _release.Add(_accepted[i].Shift(-_offset));
                _accepted.RemoveAt(i);
            }
        }

        for (var i = _raw.Count - 1; i >= 0; i--)
        {
            if (_raw[i].Start < cut)
            {
                _raw.RemoveAt(i);
            }
        }

        _output.Clear();
        _filter.Rewrite(_buffer.AsSpan(0, _length), _released - _offset, cut - _offset, _release, _output, _counts);
        _released = cut;

        var keepFrom = Math.Max(_offset, cut - ContextLength);
        var dropped = keepFrom - _offset;
        _buffer.AsSpan(dropped, _length - dropped).CopyTo(_buffer);
        _length -= dropped;
        _offset = keepFrom;
        return _output.ToString();
    }
}
