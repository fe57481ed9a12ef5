using System.Text;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Filters an answer that arrives in chunks. <see cref="Push"/> returns only text that can no longer be part of a
/// match; <see cref="Flush"/> returns the rest at the end. The concatenated output, and <see cref="Redactions"/>,
/// equal <see cref="OutputFilter.Filter"/> of the whole answer, however it was chunked (the whole answer goes through
/// this same code).
/// </summary>
/// <remarks>
/// <para>Detectors read the normal form of the answer (<see cref="OutputNormalizer"/>: invisible characters dropped,
/// look-alike, full-width and URL-escaped characters read as ASCII); every normalised character knows the original
/// characters it came from, so a redaction cuts the original characters of the span, hidden ones included. While the
/// answer is plain ASCII without a '%' (one vectorised check per chunk) the normal form is the text itself and no map
/// is kept.</para>
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
/// <para>The regex runs only where a finder reports a decided candidate, in windows of <see cref="ScanWindow"/>
/// characters after which the finder is asked again. Detectors that start at fixed anchors are passed over together
/// when one search for all their anchors finds none of theirs in the new text.</para>
/// <para>Hold-back: at most <see cref="OutputFilter.HoldBack"/> characters, plus the part of a final match (or of a chain
/// of overlapping matches of different detectors) that started before that point. One instance per answer; not
/// thread-safe.</para>
/// </remarks>
public sealed class StreamingOutputFilter
{
    /// <summary>
    /// Characters kept before the release point for look-behinds (<c>\b</c>, <c>(?&lt;!mailto):</c>) and context
    /// validators (<see cref="OutputFilter.ContextReach"/>); every scan goes on from the release point or after it.
    /// </summary>
    private const int ContextLength = OutputFilter.LookaroundMargin * 4;

    /// <summary>How far past a candidate the regex searches before the finder is asked for the next candidate.</summary>
    private const int ScanWindow = 256;

    /// <summary>The whole answer is fed to the detectors in pieces this long, so that finders look at a bounded text.</summary>
    private const int WholeChunk = 4096;

    private readonly OutputFilter _filter;
    private readonly RedactionCounter _counts = new();

    /// <summary>Per detector: the absolute position (in the normal form) its scan goes on from.</summary>
    private readonly int[] _resume;

    /// <summary>Per detector: whether one of its anchors may start where its scan has not passed (<see cref="FindAnchors"/>).</summary>
    private readonly bool[] _anchorFound;

    /// <summary>Per gated detector: where one of its anchors may begin, cut by the end of the text received.</summary>
    private readonly int[] _cutAnchor;

    /// <summary>The end of the text the anchor search has looked at.</summary>
    private int _anchorsSearched;

    /// <summary>Final matches not yet released, accepted ones and all, in absolute positions of the normal form.</summary>
    private readonly List<OutputFilter.Span> _raw = [];
    private readonly List<OutputFilter.Span> _accepted = [];
    private readonly List<OutputFilter.Span> _release = [];
    private readonly StringBuilder _output = new();

    /// <summary>The normal form received and not yet dropped: <c>_buffer[.._length]</c>.</summary>
    private char[] _buffer = [];
    private int _length;

    /// <summary>Absolute position of <c>_buffer[0]</c>.</summary>
    private int _offset;

    /// <summary>Absolute position (normal form) up to which text has been released.</summary>
    private int _released;

    /// <summary>Original characters received in all.</summary>
    private int _received;

    /// <summary>
    /// The original text from <see cref="_originalOffset"/> on, once a chunk was not plain; null while the normal form
    /// is the text itself. Then <see cref="_starts"/>[i] and <see cref="_ends"/>[i] are the original positions of
    /// <c>_buffer[i]</c>.
    /// </summary>
    private char[]? _original;
    private int _originalLength;
    private int _originalOffset;
    private int _originalReleased;

    /// <summary>Absolute original position up to which the normaliser has read (a cut '%' escape waits after it).</summary>
    private int _consumed;
    private int[] _starts = [];

    /// <summary>Filtering a whole answer: nothing is released before the end, so rejected matches need not be kept.</summary>
    private bool _whole;
    private int[] _ends = [];

    internal StreamingOutputFilter(OutputFilter filter)
    {
        _filter = filter;
        _resume = new int[filter.DetectorCount];
        _anchorFound = new bool[filter.DetectorCount];
        _cutAnchor = new int[filter.DetectorCount];
    }

    /// <summary>Characters received but not yet released.</summary>
    public int Pending => _received - (_original is null ? _released : _originalReleased);

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
        var releasable = AdvanceAll(end, final: false);
        return Release(KeepSurrogatePairsWhole(CutPoint(releasable)));
    }

    /// <summary>Releases everything still held back; call once at the end of the answer.</summary>
    public string Flush()
    {
        Finish();
        return Release(_offset + _length);
    }

    /// <summary>The whole of <paramref name="text"/> at once: what <see cref="OutputFilter.Filter"/> does.</summary>
    internal FilterResult FilterWhole(string text)
    {
        _whole = true;
        for (var start = 0; start < text.Length; start += WholeChunk)
        {
            Append(text.AsSpan(start, Math.Min(WholeChunk, text.Length - start)));
            if (start + WholeChunk < text.Length)
            {
                AdvanceAll(_offset + _length, final: false);
            }
        }

        Finish();
        if (_accepted.Count == 0)
        {
            return new FilterResult(text, []);
        }

        var output = Release(_offset + _length);
        return new FilterResult(output, _counts.ToArray());
    }

    private void Finish()
    {
        if (_original is not null)
        {
            NormalizePending(final: true);
        }

        AdvanceAll(_offset + _length, final: true);
        _raw.Clear();
    }

    /// <summary>Moves every detector's scan as far as the text decides; returns the smallest scan position.</summary>
    private int AdvanceAll(int end, bool final)
    {
        var gate = _filter.AnchorGate;
        if (gate is not null)
        {
            FindAnchors(gate, end);
        }

        var smallest = end;
        for (var d = 0; d < _resume.Length; d++)
        {
            if (_resume[d] < end)
            {
                var longest = gate is null ? 0 : gate.LongestAnchor[d];
                if (longest > 0 && !_anchorFound[d])
                {
                    // None of its anchors starts in the new text: only one cut by the end of the text can still begin.
                    _resume[d] = final ? end : Math.Max(_resume[d], _cutAnchor[d]);
                }
                else
                {
                    _resume[d] = Advance(d, end, final);
                }
            }

            smallest = Math.Min(smallest, _resume[d]);
        }

        return smallest;
    }

    /// <summary>
    /// One search for the anchors of all anchored detectors in the text not searched before. A detector whose anchor
    /// was found stays marked until its scan has passed all the text searched before, so a match held back (a JWT may
    /// take 11 KiB to decide) does not make every later push search that text again.
    /// </summary>
    private void FindAnchors(AnchorGate gate, int end)
    {
        // Every detector about to be unmarked has its scan at or after this point: the search covers what it needs.
        var from = Math.Max(_offset, _anchorsSearched - gate.LongestOverall + 1);
        foreach (var d in gate.Detectors)
        {
            if (_resume[d] < end && _resume[d] >= _anchorsSearched - gate.LongestAnchor[d] + 1)
            {
                _anchorFound[d] = false;
            }
        }

        if (from < end)
        {
            gate.Mark(_buffer.AsSpan(from - _offset, end - from), _anchorFound);
        }

        gate.MarkCutAnchors(_buffer.AsSpan(0, end - _offset), _offset, _cutAnchor);
        _anchorsSearched = end;
    }

    /// <summary>
    /// Moves detector <paramref name="d"/>'s scan over every position whose outcome is decided, running its regex in
    /// windows where a match can start; returns where its scan now goes on from.
    /// </summary>
    private int Advance(int d, int end, bool final)
    {
        var text = _buffer.AsSpan(0, _length);
        var finder = _filter.StartsOf(d);

        // Every match that starts before `decided` has all the text it can need (MaxLength + margin); at the end, all do.
        var decided = final ? end : end - _filter.MaxLengthOf(d) - OutputFilter.LookaroundMargin;
        var from = _resume[d];
        while (true)
        {
            var bound = finder is null ? new MatchStartBound(from - _offset, from - _offset) : finder(text, from - _offset);
            var candidate = _offset + bound.Candidate;
            var undecided = _offset + bound.Undecided;
            if (undecided < decided)
            {
                candidate = Math.Min(candidate, undecided);
                undecided = decided;
            }

            if (candidate >= undecided)
            {
                return Math.Max(from, undecided);
            }

            var stop = Math.Min(undecided, candidate + ScanWindow);
            var accepted = _accepted.Count;
            var raw = _raw.Count;
            from = _offset + _filter.Scan(d, text, candidate - _offset, stop - _offset, _accepted, final || _whole ? null : _raw);
            ToAbsolute(_accepted, accepted);
            ToAbsolute(_raw, raw);
            if (from >= undecided)
            {
                return from;
            }
        }
    }

    private void ToAbsolute(List<OutputFilter.Span> spans, int from)
    {
        for (var i = from; i < spans.Count; i++)
        {
            spans[i] = spans[i].Shift(_offset);
        }
    }

    private void Append(ReadOnlySpan<char> chunk)
    {
        _received += chunk.Length;
        if (_original is null)
        {
            if (OutputNormalizer.IsPlain(chunk))
            {
                EnsureCapacity(ref _buffer, _length + chunk.Length);
                chunk.CopyTo(_buffer.AsSpan(_length));
                _length += chunk.Length;
                return;
            }

            StartMap();
        }

        EnsureCapacity(ref _original!, _originalLength + chunk.Length);
        chunk.CopyTo(_original.AsSpan(_originalLength));
        _originalLength += chunk.Length;
        NormalizePending(final: false);
    }

    /// <summary>The first chunk that is not plain: the text so far is its own normal form, character for character.</summary>
    private void StartMap()
    {
        _original = new char[Math.Max(256, _buffer.Length)];
        _buffer.AsSpan(0, _length).CopyTo(_original);
        _originalLength = _length;
        _originalOffset = _offset;
        _originalReleased = _released;
        _consumed = _offset + _length;
        _starts = new int[_buffer.Length];
        _ends = new int[_buffer.Length];
        for (var i = 0; i < _length; i++)
        {
            _starts[i] = _offset + i;
            _ends[i] = _offset + i + 1;
        }
    }

    private void NormalizePending(bool final)
    {
        var pending = _original.AsSpan(_consumed - _originalOffset, _originalOffset + _originalLength - _consumed);
        EnsureCapacity(ref _buffer, _length + pending.Length);
        EnsureCapacity(ref _starts, _buffer.Length);
        EnsureCapacity(ref _ends, _buffer.Length);
        _consumed += OutputNormalizer.Normalize(pending, _consumed, final, _buffer, _starts, _ends, ref _length);
    }

    private static void EnsureCapacity<T>(ref T[] array, int length)
    {
        if (length > array.Length)
        {
            Array.Resize(ref array, Math.Max(length, Math.Max(256, array.Length * 2)));
        }
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
        if (cut <= _released || cut >= _offset + _length || !char.IsHighSurrogate(_buffer[cut - 1 - _offset]))
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

    /// <summary>The original position where normalised position <paramref name="position"/> starts.</summary>
    private int OriginalStart(int position) =>
        position == _offset + _length ? _consumed : _starts[position - _offset];

    private string Release(int cut)
    {
        var originalCut = _original is null ? cut : OriginalStart(cut);
        if (cut <= _released && (_original is null || originalCut <= _originalReleased))
        {
            return string.Empty;
        }

        _release.Clear();
        for (var i = _accepted.Count - 1; i >= 0; i--)
        {
            var span = _accepted[i];
            if (span.Start < cut)
            {
                _release.Add(_original is null
                    ? span.Shift(-_offset)
                    : OriginalSpan(span));
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
        if (_original is null)
        {
            _filter.Rewrite(_buffer.AsSpan(0, _length), _released - _offset, cut - _offset, _release, _output, _counts);
        }
        else
        {
            _filter.Rewrite(_original.AsSpan(0, _originalLength), _originalReleased - _originalOffset, originalCut - _originalOffset, _release, _output, _counts);
            var droppedOriginal = originalCut - _originalOffset;
            _original.AsSpan(droppedOriginal, _originalLength - droppedOriginal).CopyTo(_original);
            _originalLength -= droppedOriginal;
            _originalOffset = originalCut;
            _originalReleased = originalCut;
        }

        _released = Math.Max(_released, cut);
        var keepFrom = Math.Max(_offset, _released - ContextLength);
        var dropped = keepFrom - _offset;
        _buffer.AsSpan(dropped, _length - dropped).CopyTo(_buffer);
        if (_original is not null)
        {
            _starts.AsSpan(dropped, _length - dropped).CopyTo(_starts);
            _ends.AsSpan(dropped, _length - dropped).CopyTo(_ends);
        }

        _length -= dropped;
        _offset = keepFrom;
        return _output.ToString();
    }

    /// <summary>A span of the normal form as the original characters it came from, relative to <c>_original[0]</c>.</summary>
    private OutputFilter.Span OriginalSpan(OutputFilter.Span span)
    {
        var start = _starts[span.Start - _offset];
        var end = _ends[span.End - 1 - _offset];
        return new OutputFilter.Span(start - _originalOffset, end - start, span.Priority);
    }
}
