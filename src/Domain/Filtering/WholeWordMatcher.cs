using System.Text.RegularExpressions;

namespace LlmGateway.Domain.Filtering;

/// <summary>Case-insensitive, whole-word matching of a fixed list of terms, compiled once into one regex.</summary>
public sealed class WholeWordMatcher
{
    private readonly Regex? _regex;

    public WholeWordMatcher(IReadOnlyCollection<string> terms)
    {
        var alternatives = new List<string>(terms.Count);
        foreach (var term in terms)
        {
            if (!string.IsNullOrWhiteSpace(term))
            {
                var trimmed = term.Trim();
                alternatives.Add(Regex.Escape(trimmed));
                MaxTermLength = Math.Max(MaxTermLength, trimmed.Length);
            }
        }

        if (alternatives.Count > 0)
        {
            // Lookarounds instead of \b so terms that start or end with punctuation still match whole. Escaped literals
            // between one-character lookarounds cannot backtrack catastrophically, so there is no match timeout: a
            // wall-clock timeout only fired when a loaded machine descheduled the thread mid-match (a spurious failure).
            var pattern = $@"(?<![\w])(?:{string.Join('|', alternatives)})(?![\w])";
            _regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);
        }
    }

    public bool IsEmpty => _regex is null;

    /// <summary>The longest term: the longest text one match can span.</summary>
    public int MaxTermLength { get; }

    public Regex? Pattern => _regex;

    public bool IsMatch(string text) => _regex is not null && _regex.IsMatch(text);

    /// <summary>The first term found, as written in the text; null when none.</summary>
    public string? FirstMatch(string text)
    {
        if (_regex is null)
        {
            return null;
        }

        var match = _regex.Match(text);
        return match.Success ? match.Value : null;
    }
}
