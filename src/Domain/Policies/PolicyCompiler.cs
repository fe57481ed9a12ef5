using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Inspection;

namespace LlmGateway.Domain.Policies;

public static class PolicyCompiler
{
    /// <summary>Upper bound for one admin-written regex that the non-backtracking engine cannot run.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);

    private const int RegexCacheLimit = 4096;

    private static readonly ConcurrentDictionary<string, Regex> RegexCache = new(StringComparer.Ordinal);

    private const RegexOptions RuleOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline;

    /// <param name="fallbackLimits">Limits for a role the document does not mention.</param>
    public static PolicySnapshot Compile(PolicyDocument document, long version, RoleLimits fallbackLimits)
    {
        ArgumentNullException.ThrowIfNull(document);

        var phrases = new List<CompiledPhrase>();
        var regexes = new List<CompiledRegex>();
        foreach (var rule in document.PromptInspection.Rules)
        {
            if (rule.Kind == InspectionRuleKind.Phrase)
            {
                phrases.Add(new CompiledPhrase(rule.Id, TextNormalizer.Normalize(rule.Pattern), rule.Score));
            }
            else
            {
                regexes.Add(new CompiledRegex(rule.Id, CompileRuleRegex(rule.Pattern), rule.Score));
            }
        }

        var inspection = document.PromptInspection;
        return new PolicySnapshot(
            version,
            document,
            new PromptInspector(inspection.Enabled, inspection.BlockThreshold, phrases, regexes, inspection.Model ? InjectionModel.Default : null),
            // Prompts are checked in normalised form, so the terms are normalised the same way.
            new WholeWordMatcher(NormalizeAll(document.BlockedTerms)),
            new OutputFilter(document.Redaction.Keywords, document.Redaction.Detectors),
            document.Limits.User ?? fallbackLimits,
            document.Limits.Admin ?? fallbackLimits);
    }

    private static string[] NormalizeAll(IReadOnlyList<string> terms)
    {
        var normalized = new string[terms.Count];
        for (var i = 0; i < normalized.Length; i++)
        {
            normalized[i] = TextNormalizer.Normalize(terms[i]);
        }

        return normalized;
    }

    /// <summary>
    /// The non-backtracking engine runs in time linear in the input whatever the pattern; the few constructs
    /// it cannot run (backreferences, lookarounds) fall back to the backtracking engine with a timeout.
    /// </summary>
    public static Regex CompileRuleRegex(string pattern)
    {
        // Building a non-backtracking regex costs milliseconds; a policy change usually keeps most rules, so
        // unchanged patterns reuse the instance already built (Regex is immutable and thread-safe).
        if (RegexCache.TryGetValue(pattern, out var cached))
        {
            return cached;
        }

        if (RegexCache.Count >= RegexCacheLimit)
        {
            RegexCache.Clear();
        }

        var regex = BuildRuleRegex(pattern);
        RegexCache[pattern] = regex;
        return regex;
    }

    private static Regex BuildRuleRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RuleOptions | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RuleOptions, RegexTimeout);
        }
    }
}
