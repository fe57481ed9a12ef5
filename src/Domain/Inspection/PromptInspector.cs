using System.Buffers;
using System.Text.RegularExpressions;

namespace LlmGateway.Domain.Inspection;

/// <summary>
/// Prompt-injection detection compiled from the policy's rules: all phrases in one multi-string search,
/// regexes with the non-backtracking engine (or a match timeout). Built once per policy version; immutable
/// and safe to share across threads.
/// </summary>
public sealed class PromptInspector
{
    private readonly CompiledPhrase[] _phrases;
    private readonly SearchValues<string>? _phraseSearch;
    private readonly CompiledRegex[] _regexes;
    private readonly int _ruleCount;

    public PromptInspector(bool enabled, double blockThreshold, IReadOnlyList<CompiledPhrase> phrases, IReadOnlyList<CompiledRegex> regexes)
    {
        Enabled = enabled;
        BlockThreshold = blockThreshold;
        _phrases = [.. phrases];
        _regexes = [.. regexes];
        _ruleCount = _phrases.Length + _regexes.Length;
        if (_phrases.Length > 0)
        {
            var patterns = new string[_phrases.Length];
            for (var i = 0; i < patterns.Length; i++)
            {
                patterns[i] = _phrases[i].Phrase;
            }

            _phraseSearch = SearchValues.Create(patterns, StringComparison.Ordinal);
        }
    }

    public bool Enabled { get; }

    public double BlockThreshold { get; }

    /// <summary>Inspects one user-supplied text. Callers inspect every user message, not only the last.</summary>
    public InspectionVerdict Inspect(string text)
    {
        if (!Enabled || _ruleCount == 0 || text.Length == 0)
        {
            return InspectionVerdict.Clean;
        }

        var normalized = TextNormalizer.Normalize(text);
        List<string>? matched = null;
        var score = 0.0;

        if (_phraseSearch is not null)
        {
            MatchPhrases(normalized, ref matched, ref score);
        }

        foreach (var rule in _regexes)
        {
            if (rule.IsMatch(normalized))
            {
                Add(rule.Id, rule.Score, ref matched, ref score);
            }
        }

        return matched is null ? InspectionVerdict.Clean : new InspectionVerdict(score, matched, score >= BlockThreshold);
    }

    private void MatchPhrases(string normalized, ref List<string>? matched, ref double score)
    {
        var text = normalized.AsSpan();
        var offset = 0;
        while (offset < text.Length)
        {
            var found = text[offset..].IndexOfAny(_phraseSearch!);
            if (found < 0)
            {
                return;
            }

            var at = text[(offset + found)..];
            foreach (var phrase in _phrases)
            {
                if (at.StartsWith(phrase.Phrase, StringComparison.Ordinal))
                {
                    Add(phrase.Id, phrase.Score, ref matched, ref score);
                }
            }

            offset += found + 1;
        }
    }

    private static void Add(string id, double ruleScore, ref List<string>? matched, ref double score)
    {
        matched ??= new List<string>(2);
        if (!matched.Contains(id))
        {
            matched.Add(id);
            score += ruleScore;
        }
    }
}

/// <param name="Phrase">Already normalised with <see cref="TextNormalizer"/>.</param>
public sealed record CompiledPhrase(string Id, string Phrase, double Score);

public sealed record CompiledRegex(string Id, Regex Regex, double Score)
{
    /// <summary>A rule that runs out of time counts as matched: inspection fails closed, never open.</summary>
    public bool IsMatch(string text)
    {
        try
        {
            return Regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }
}
