using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Inspection;

namespace LlmGateway.Domain.Policies;

public static partial class PolicyCompiler
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

        var inspection = document.PromptInspection;
        return new PolicySnapshot(
            version,
            document,
            CompileInspector(inspection, inspection.Model ? InjectionModel.Default : null),
            // Prompts are checked in normalised form, so the terms are normalised the same way.
            new WholeWordMatcher(NormalizeAll(document.BlockedTerms)),
            new OutputFilter(document.Redaction.Keywords, document.Redaction.Detectors),
            document.Limits.User ?? fallbackLimits,
            document.Limits.Admin ?? fallbackLimits);
    }

    /// <summary>The inspector for <paramref name="section"/>'s rules with <paramref name="model"/> as the second signal.</summary>
    public static PromptInspector CompileInspector(PromptInspectionSection section, InjectionModel? model, double modelFloor = PromptInspector.ModelFloor, double modelWeight = PromptInspector.ModelWeight)
    {
        ArgumentNullException.ThrowIfNull(section);
        var phrases = new List<CompiledPhrase>();
        var regexes = new List<CompiledRegex>();
        var gates = new List<Regex>();
        var gatePattern = new StringBuilder();
        var gateSize = 0;
        foreach (var rule in section.Rules)
        {
            if (rule.Kind == InspectionRuleKind.Phrase)
            {
                phrases.Add(new CompiledPhrase(rule.Id, TextNormalizer.Normalize(rule.Pattern), rule.Score));
                continue;
            }

            var regex = CompileRuleRegex(rule.Pattern);
            var gate = -1;
            if (CanJoinGate(regex))
            {
                // Consecutive rules share one gate while their alternation stays within the non-backtracking
                // engine's size limit; the rule that does not fit opens the next gate.
                var joined = gateSize == 0 ? $"(?:{rule.Pattern})" : $"{gatePattern}|(?:{rule.Pattern})";
                var candidate = gateSize == 0 ? regex : CompileRuleRegex(joined);
                if (gateSize > 0 && !CanJoinGate(candidate))
                {
                    gatePattern.Clear();
                    gateSize = 0;
                    joined = $"(?:{rule.Pattern})";
                    candidate = regex;
                }

                if (gateSize == 0)
                {
                    gates.Add(candidate);
                }
                else
                {
                    gates[^1] = candidate;
                }

                gatePattern.Clear().Append(joined);
                gateSize++;
                gate = gates.Count - 1;
            }
            else
            {
                gatePattern.Clear();
                gateSize = 0;
            }

            regexes.Add(new CompiledRegex(rule.Id, regex, rule.Score, gate));
        }

        return new PromptInspector(section.Enabled, section.BlockThreshold, phrases, regexes, model, modelFloor, modelWeight, gates);
    }

    // Only rules the non-backtracking engine runs, and without inline options (an inline "(?x)" would let a
    // comment swallow the alternation's closing parenthesis).
    private static bool CanJoinGate(Regex regex) =>
        (regex.Options & RegexOptions.NonBacktracking) != 0 && !InlineOptions().IsMatch(regex.ToString());

    [GeneratedRegex(@"\(\?[a-zA-Z-]+[:)]")]
    private static partial Regex InlineOptions();

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
