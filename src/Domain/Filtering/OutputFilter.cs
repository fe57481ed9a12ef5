using System.Text;
using System.Text.RegularExpressions;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Redacts policy keywords, secrets and personal data from a model's answer. Each redacted span becomes
/// <c>[REDACTED:type]</c>. Built once per policy version; immutable and thread-safe. For an answer that arrives
/// in pieces, <see cref="CreateStream"/> gives a <see cref="StreamingOutputFilter"/> with the same result.
/// </summary>
public sealed class OutputFilter
{
    public const string KeywordType = "keyword";

    /// <summary>
    /// Characters a pattern may look at beyond the end of its match (<c>\b</c>, <c>(?![…])</c>, <c>-[0-9]</c>),
    /// and before its start (<c>(?&lt;!mailto):</c>). Every built-in pattern needs at most 8.
    /// </summary>
    internal const int LookaroundMargin = 8;

    /// <summary>
    /// How much text before a match a <see cref="ContextMatchValidator"/> reads. The streaming filter keeps more than
    /// this before what it has released, so a streamed answer is judged as the whole one.
    /// </summary>
    public const int ContextReach = LookaroundMargin * 3;

    private readonly CompiledDetector[] _detectors;

    public OutputFilter(IReadOnlyCollection<string> keywords, IReadOnlyCollection<string> detectorTypes)
        : this(keywords, detectorTypes, SecretDetectorCatalog.Detectors)
    {
    }

    /// <param name="catalog">The detectors to select from: <see cref="SecretDetectorCatalog.Detectors"/>, or in tests a
    /// variant of it (without <see cref="SecretDetector.Starts"/>, every detector scans all of the text).</param>
    internal OutputFilter(IReadOnlyCollection<string> keywords, IReadOnlyCollection<string> detectorTypes, IReadOnlyList<SecretDetector> catalog, bool includeEncoded = true)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(detectorTypes);

        var selected = new List<CompiledDetector>();
        var secretTypes = new List<string>();
        var keywordMatcher = new WholeWordMatcher(keywords);
        if (keywordMatcher.Pattern is not null)
        {
            selected.Add(new CompiledDetector(KeywordType, keywordMatcher.Pattern, null, null, keywordMatcher.MaxTermLength, null));
        }

        var all = detectorTypes.Contains(SecretDetectorCatalog.All);
        var secrets = all || detectorTypes.Contains(SecretDetectorCatalog.Secrets);
        var personalData = all || detectorTypes.Contains(SecretDetectorCatalog.PersonalData);
        foreach (var detector in catalog)
        {
            var byCategory = detector.Category == DetectorCategory.Secret ? secrets : personalData;
            if (byCategory || detectorTypes.Contains(detector.Type))
            {
                selected.Add(new CompiledDetector(detector.Type, detector.Pattern, detector.Validator, detector.ContextValidator, detector.MaxLength, detector.Starts));
                if (detector.Category == DetectorCategory.Secret)
                {
                    secretTypes.Add(detector.Type);
                }
            }
        }

        if (secretTypes.Count > 0 && includeEncoded)
        {
            // Secrets hidden in base64 or hex: a run that decodes to text in which the selected secret detectors find one.
            var inner = new OutputFilter([], secretTypes, catalog, includeEncoded: false);
            selected.Add(new CompiledDetector(EncodedSecrets.Type, EncodedSecrets.Run(), inner.ContainsSecretEncoded, null, EncodedSecrets.MaxLength, EncodedSecrets.Starts));
        }

        _detectors = [.. selected];
        var finders = new MatchStartFinder?[_detectors.Length];
        for (var i = 0; i < finders.Length; i++)
        {
            finders[i] = _detectors[i].Starts;
        }

        AnchorGate = AnchorGate.Create(finders);
        var longest = 0;
        foreach (var detector in _detectors)
        {
            longest = Math.Max(longest, detector.MaxLength);
        }

        MaxMatchLength = longest;
    }

    /// <summary>The longest text one match of any selected detector can span; 0 when none is selected.</summary>
    public int MaxMatchLength { get; }

    /// <summary>The most text a <see cref="StreamingOutputFilter"/> holds back (besides a match that reaches back further):
    /// the longest match plus look-ahead. It holds back that much only while a match of that length may be in progress.</summary>
    public int HoldBack => MaxMatchLength == 0 ? 0 : MaxMatchLength + LookaroundMargin;

    internal bool IsEmpty => _detectors.Length == 0;

    public static string Marker(string type) => $"[REDACTED:{type}]";

    public StreamingOutputFilter CreateStream() => new(this);

    public FilterResult Filter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsEmpty || text.Length == 0 ? new FilterResult(text, []) : new StreamingOutputFilter(this).FilterWhole(text);
    }

    /// <summary>The detectors that start at fixed anchors, for one search of all their anchors; null when none does.</summary>
    internal AnchorGate? AnchorGate { get; }

    /// <summary>Whether the decoded base64 or hex <paramref name="run"/> holds a secret these detectors find.</summary>
    private bool ContainsSecretEncoded(ReadOnlySpan<char> run) => EncodedSecrets.Decode(run) is { } decoded && Filter(decoded).Redactions.Count > 0;

    internal int DetectorCount => _detectors.Length;

    /// <summary>The longest text one match of detector <paramref name="priority"/> can span.</summary>
    internal int MaxLengthOf(int priority) => _detectors[priority].MaxLength;

    /// <summary>Where matches of detector <paramref name="priority"/> can start; null: anywhere within its <see cref="MaxLengthOf"/>.</summary>
    internal MatchStartFinder? StartsOf(int priority) => _detectors[priority].Starts;

    /// <summary>
    /// Scans <paramref name="input"/> left to right from <paramref name="start"/> with one detector (text before
    /// <paramref name="start"/> is look-behind context only) and adds the accepted matches that start before
    /// <paramref name="stopBefore"/> to <paramref name="accepted"/>. With <paramref name="raw"/>, also every regex match,
    /// accepted or rejected by its validator: a rejected match still moves the scan past it. Returns where the scan
    /// would go on: the end of the last match found, or <paramref name="stopBefore"/> if that is further.
    /// </summary>
    internal int Scan(int priority, ReadOnlySpan<char> input, int start, int stopBefore, List<Span> accepted, List<Span>? raw)
    {
        var detector = _detectors[priority];
        var resume = start;

        // A match that starts before stopBefore ends within MaxLength and looks at most the margin beyond: the regex
        // need not search further (a regex without a literal to search for would otherwise try every position to the end).
        input = input[..Math.Min(input.Length, stopBefore + detector.MaxLength + LookaroundMargin)];
        foreach (var match in detector.Pattern.EnumerateMatches(input, start))
        {
            if (match.Index >= stopBefore)
            {
                break;
            }

            var span = new Span(match.Index, match.Length, priority);
            resume = span.End;
            raw?.Add(span);
            var value = input.Slice(match.Index, match.Length);
            if (detector.ContextValidator is { } contextual
                ? contextual(input[Math.Max(0, match.Index - ContextReach)..match.Index], value)
                : detector.Validator is null || detector.Validator(value))
            {
                accepted.Add(span);
            }
        }

        return Math.Max(resume, stopBefore);
    }

    /// <summary>
    /// Appends <paramref name="text"/>[<paramref name="start"/>, <paramref name="end"/>) to <paramref name="output"/>
    /// with every span replaced by its marker. Spans must start in that range and not reach beyond its end. Where
    /// spans overlap, the one that starts first (then the higher-priority one) names the whole covered stretch.
    /// </summary>
    internal void Rewrite(ReadOnlySpan<char> text, int start, int end, List<Span> spans, StringBuilder output, RedactionCounter counts)
    {
        spans.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Priority.CompareTo(b.Priority));

        var position = start;
        foreach (var span in spans)
        {
            if (span.Start < position)
            {
                // Overlaps a span already redacted; extend the cut if this one reaches further.
                position = Math.Max(position, span.End);
                continue;
            }

            var type = _detectors[span.Priority].Type;
            output.Append(text[position..span.Start]).Append(Marker(type));
            position = span.End;
            counts.Add(type);
        }

        output.Append(text[position..end]);
    }

    internal readonly record struct Span(int Start, int Length, int Priority)
    {
        public int End => Start + Length;

        public Span Shift(int offset) => this with { Start = Start + offset };
    }

    private sealed record CompiledDetector(string Type, Regex Pattern, MatchValidator? Validator, ContextMatchValidator? ContextValidator, int MaxLength, MatchStartFinder? Starts);
}

/// <summary>Counts redactions per type, in order of first appearance.</summary>
internal sealed class RedactionCounter
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Count => _order.Count;

    public void Add(string type)
    {
        if (_counts.TryGetValue(type, out var count))
        {
            _counts[type] = count + 1;
        }
        else
        {
            _counts[type] = 1;
            _order.Add(type);
        }
    }

    public Redaction[] ToArray()
    {
        var redactions = new Redaction[_order.Count];
        for (var i = 0; i < _order.Count; i++)
        {
            redactions[i] = new Redaction(_order[i], _counts[_order[i]]);
        }

        return redactions;
    }
}
