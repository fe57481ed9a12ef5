using System.Text;
using System.Text.RegularExpressions;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Redacts policy keywords and secrets from a model's answer. Each redacted span becomes
/// <c>[REDACTED:type]</c>. Built once per policy version; immutable and thread-safe.
/// </summary>
public sealed class OutputFilter
{
    public const string KeywordType = "keyword";

    private readonly (string Type, Regex Pattern)[] _detectors;

    public OutputFilter(IReadOnlyCollection<string> keywords, IReadOnlyCollection<string> detectorTypes)
    {
        var selected = new List<(string, Regex)>();
        var keywordMatcher = new WholeWordMatcher(keywords);
        if (keywordMatcher.Pattern is not null)
        {
            selected.Add((KeywordType, keywordMatcher.Pattern));
        }

        var all = detectorTypes.Contains(SecretDetectorCatalog.All);
        foreach (var detector in SecretDetectorCatalog.Detectors)
        {
            if (all || detectorTypes.Contains(detector.Type))
            {
                selected.Add((detector.Type, detector.Pattern));
            }
        }

        _detectors = [.. selected];
    }

    public static string Marker(string type) => $"[REDACTED:{type}]";

    public FilterResult Filter(string text)
    {
        List<Span>? spans = null;
        for (var priority = 0; priority < _detectors.Length; priority++)
        {
            foreach (var match in _detectors[priority].Pattern.EnumerateMatches(text))
            {
                (spans ??= []).Add(new Span(match.Index, match.Length, priority));
            }
        }

        if (spans is null)
        {
            return new FilterResult(text, []);
        }

        spans.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Priority.CompareTo(b.Priority));

        var output = new StringBuilder(text.Length);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var position = 0;
        foreach (var span in spans)
        {
            if (span.Start < position)
            {
                // Overlaps a span already redacted; extend the cut if this one reaches further.
                position = Math.Max(position, span.Start + span.Length);
                continue;
            }

            var type = _detectors[span.Priority].Type;
            output.Append(text, position, span.Start - position).Append(Marker(type));
            position = span.Start + span.Length;
            if (counts.TryGetValue(type, out var count))
            {
                counts[type] = count + 1;
            }
            else
            {
                counts[type] = 1;
                order.Add(type);
            }
        }

        output.Append(text, position, text.Length - position);
        var redactions = new Redaction[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            redactions[i] = new Redaction(order[i], counts[order[i]]);
        }

        return new FilterResult(output.ToString(), redactions);
    }

    private readonly record struct Span(int Start, int Length, int Priority);
}
