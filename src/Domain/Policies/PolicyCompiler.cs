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

    private const int MaxRulesPerGate = 80;

    private const int RulesPerGroupGate = 8;

    /// <summary>
    /// The largest automaton, in nodes, the non-backtracking engine agrees to build (the runtime's own default is 10,000).
    /// The default policy's 46 regex rules made one ~34,000-node alternation: under the runtime's limit they needed five
    /// gates — five passes over every form of every prompt —, under 50,000 a single parent gate, which inspects a
    /// benign 1 KB prompt in about half the time (bench/README.md, "Regex gates"). With the goal-hijacking rules (97
    /// regexes then, over a hundred since) the first 64 no longer fit 50,000 and split into three parent gates; 80,000
    /// kept two. The red-team pass's rules (144 regexes) made it four: 80 rules a gate under 120,000 nodes keeps two
    /// (PromptInspectorTests pins it). Building time grows with the size; <see cref="MaxRulesPerGate"/> still bounds it.
    /// </summary>
    private const int MaxAutomatonNodes = 120_000;

    private const string AutomatonSizeSetting = "REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE";

    private static readonly ConcurrentDictionary<string, Regex> RegexCache = new(StringComparer.Ordinal);

    private const RegexOptions RuleOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline;

    // The engine reads the setting (process-wide) each time it builds a regex; a host that sets it itself keeps its value.
    static PolicyCompiler()
    {
        if (AppContext.GetData(AutomatonSizeSetting) is null)
        {
            AppContext.SetData(AutomatonSizeSetting, MaxAutomatonNodes);
        }
    }

    /// <param name="fallbackLimits">Limits for a role the document does not mention.</param>
    /// <param name="team">For a team's policy (the global document with its overlay merged in): the team.</param>
    /// <param name="overlayVersion">For a team's policy: the overlay version merged in.</param>
    public static PolicySnapshot Compile(PolicyDocument document, long version, RoleLimits fallbackLimits, string? team = null, long overlayVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(document);

        var inspection = document.PromptInspection;
        var userLimits = document.Limits.User ?? fallbackLimits;
        return new PolicySnapshot(
            version,
            document,
            CompileInspector(inspection, inspection.Model ? InjectionModel.Default : null, suffixModel: inspection.Model ? CharacterModel.Default : null),
            // Prompts are checked in normalised form, so the terms are normalised the same way.
            new WholeWordMatcher(NormalizeAll(document.BlockedTerms)),
            new OutputFilter(document.Redaction.Keywords, document.Redaction.Detectors),
            userLimits,
            document.Limits.Admin ?? fallbackLimits,
            document.Limits.TeamAdmin ?? userLimits,
            inspection.Enabled ? inspection.Semantic : SemanticInspection.Off,
            team,
            overlayVersion);
    }

    /// <summary>
    /// The inspector for <paramref name="section"/>'s rules with <paramref name="model"/> as the second signal and
    /// <paramref name="suffixModel"/> reporting adversarial suffixes (both built in and turned on by prompt_inspection.model).
    /// </summary>
    public static PromptInspector CompileInspector(PromptInspectionSection section, InjectionModel? model, double modelFloor = PromptInspector.ModelFloor, double modelWeight = PromptInspector.ModelWeight, CharacterModel? suffixModel = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var phrases = new List<CompiledPhrase>();
        var gated = new GatedRules();
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
                gated.Run.Add((rule, regex));
                continue;
            }

            gated.Flush();
            gated.Regexes.Add(new CompiledRegex(rule.Id, regex, rule.Score, Gate: -1));
        }

        gated.Flush();
        return new PromptInspector(section.Enabled, section.BlockThreshold, phrases, gated.Regexes, model, modelFloor, modelWeight, gated.Gates, gated.ParentGates, suffixModel);
    }

    /// <summary>
    /// Consecutive rules share gates, two levels deep: up to <see cref="MaxRulesPerGate"/> rules one parent gate — the
    /// alternation of their patterns, one pass over a prompt that matches none of them, which is most prompts —, and
    /// within it groups of <see cref="RulesPerGroupGate"/> a gate each, so a prompt that does match runs a few groups'
    /// rules, not all of them. Each gate is built once (building them rule by rule made a 500-rule policy take seconds of
    /// CPU to compile); one whose alternation is too large for the non-backtracking engine is split in halves.
    /// </summary>
    private sealed class GatedRules
    {
        public List<(InspectionRule Rule, Regex Regex)> Run { get; } = [];

        public List<CompiledRegex> Regexes { get; } = [];

        public List<CompiledGate> Gates { get; } = [];

        public List<Regex> ParentGates { get; } = [];

        /// <summary>Gates the rules collected in <see cref="Run"/> and adds them to <see cref="Regexes"/>.</summary>
        public void Flush()
        {
            for (var start = 0; start < Run.Count; start += MaxRulesPerGate)
            {
                Add(start, Math.Min(MaxRulesPerGate, Run.Count - start), parent: -1);
            }

            Run.Clear();
        }

        // Rules [start, start + count) behind one alternation: a group gate of up to RulesPerGroupGate rules, or a parent
        // gate over groups (only at the top level, so two levels at most); halved when the engine cannot build it.
        private void Add(int start, int count, int parent)
        {
            var gate = count == 1 ? Run[start].Regex : CompileRuleRegex(Alternation(start, count));
            if (!CanJoinGate(gate))
            {
                Add(start, count / 2, parent);
                Add(start + (count / 2), count - (count / 2), parent);
                return;
            }

            if (count <= RulesPerGroupGate)
            {
                Gates.Add(new CompiledGate(gate, parent));
                for (var i = start; i < start + count; i++)
                {
                    Regexes.Add(new CompiledRegex(Run[i].Rule.Id, Run[i].Regex, Run[i].Rule.Score, Gates.Count - 1));
                }

                return;
            }

            ParentGates.Add(gate);
            for (var group = start; group < start + count; group += RulesPerGroupGate)
            {
                Add(group, Math.Min(RulesPerGroupGate, start + count - group), ParentGates.Count - 1);
            }
        }

        private string Alternation(int start, int count)
        {
            var alternation = new StringBuilder();
            for (var i = start; i < start + count; i++)
            {
                alternation.Append(i == start ? "(?:" : "|(?:").Append(Run[i].Rule.Pattern).Append(')');
            }

            return alternation.ToString();
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
