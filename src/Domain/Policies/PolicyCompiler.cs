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

    private const int MaxRulesPerGate = 64;

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
        var run = new List<(InspectionRule Rule, Regex Regex)>();
        foreach (var rule in section.Rules)
        {
            if (rule.Kind == InspectionRuleKind.Phrase)
            {
                phrases.Add(new CompiledPhrase(rule.Id, TextNormalizer.Normalize(rule.Pattern), rule.Score));
                continue;
            }

            var regex = CompileRuleRegex(rule.Pattern);
            if (CanJoinGate(regex))
            {
                run.Add((rule, regex));
                continue;
            }

            AddGatedRuns(run, gates, regexes);
            regexes.Add(new CompiledRegex(rule.Id, regex, rule.Score, Gate: -1));
        }

        AddGatedRuns(run, gates, regexes);
        return new PromptInspector(section.Enabled, section.BlockThreshold, phrases, regexes, model, modelFloor, modelWeight, gates);
    }

    /// <summary>
    /// Consecutive rules share one gate — the alternation of their patterns — in groups of at most
    /// <see cref="MaxRulesPerGate"/>, each built once (building gates rule by rule made a 500-rule policy take seconds
    /// of CPU to compile). A group whose alternation is too large for the non-backtracking engine is split in halves.
    /// </summary>
    private static void AddGatedRuns(List<(InspectionRule Rule, Regex Regex)> run, List<Regex> gates, List<CompiledRegex> regexes)
    {
        for (var start = 0; start < run.Count; start += MaxRulesPerGate)
        {
            AddGate(run, start, Math.Min(MaxRulesPerGate, run.Count - start), gates, regexes);
        }

        run.Clear();
    }

    private static void AddGate(List<(InspectionRule Rule, Regex Regex)> run, int start, int count, List<Regex> gates, List<CompiledRegex> regexes)
    {
        var gate = run[start].Regex;
        if (count > 1)
        {
            var alternation = new StringBuilder();
            for (var i = start; i < start + count; i++)
            {
                alternation.Append(i == start ? "(?:" : "|(?:").Append(run[i].Rule.Pattern).Append(')');
            }

            gate = CompileRuleRegex(alternation.ToString());
            if (!CanJoinGate(gate))
            {
                AddGate(run, start, count / 2, gates, regexes);
                AddGate(run, start + (count / 2), count - (count / 2), gates, regexes);
                return;
            }
        }

        gates.Add(gate);
        for (var i = start; i < start + count; i++)
        {
            regexes.Add(new CompiledRegex(run[i].Rule.Id, run[i].Regex, run[i].Rule.Score, gates.Count - 1));
        }
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
