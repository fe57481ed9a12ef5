using System.Buffers;
using System.Collections.Frozen;
using LlmGateway.Domain.Chat;
using System.Text.RegularExpressions;

namespace LlmGateway.Domain.Inspection;

/// <summary>
/// Prompt-injection detection compiled from the policy's rules: all phrases in one multi-string search,
/// regexes with the non-backtracking engine (or a match timeout), plus an optional n-gram model as a second
/// signal. Rules run on the normalised text, on its deobfuscated form (spelled-out letters joined, leetspeak
/// read) and on whatever base64, hex or URL-encoded payload the prompt carries (one level deep). Built once
/// per policy version; safe to share across threads. Verdicts of longer texts are remembered by the text's SHA-256
/// for this policy version: an application sends the same system prompt with every request, and a conversation
/// resends its earlier turns, so most of what arrives has been inspected before.
/// </summary>
public sealed class PromptInspector
{
    /// <summary>The pseudo-rule id under which the n-gram model reports.</summary>
    public const string ModelRuleId = "ngram-model";

    /// <summary>
    /// The model reports only from this probability on: below it, it stays silent rather than add noise to every
    /// prompt. Weak rules (0.5) are what it completes: a goal-hijacking move ("that is enough, now …", "say that …")
    /// is ordinary alone and an attack with a moderately confident model beside it. On train's held-out folds
    /// (bench/InjectionModel train, with the generated hijacks) floors 0.4 to 0.6 detect 2 points more than 0.9 at
    /// 0.1 point more benign false positives, and 1.0 is flat below 0.5, so 0.5 ships.
    /// </summary>
    public const double ModelFloor = 0.5;

    /// <summary>
    /// With no rule matched the model reports only from this probability on (the floor before the generated hijacks):
    /// alone it blocks from p = 0.91 (<see cref="ModelWeight"/>), and a report below that would only mark honest prompts
    /// about "previous instructions" (rated 0.8–0.89) as suspicious, and send them to the semantic tier in <c>uncertain</c>.
    /// </summary>
    public const double ModelFloorAlone = 0.9;

    /// <summary>
    /// The model's score is its probability times this weight: at threshold 1.0 it blocks alone from p = 0.91 on,
    /// and with one weak rule (0.5) from its floor on. Chosen on held-out folds (bench/InjectionModel).
    /// </summary>
    public const double ModelWeight = 1.1;

    /// <summary>The pseudo-rule id under which the character model reports machine-made gibberish (an adversarial suffix).</summary>
    public const string SuffixRuleId = "adversarial-suffix";

    /// <summary>An adversarial suffix blocks alone: no honest prompt ends in a window of text that unpredictable.</summary>
    public const double SuffixScore = 1.0;

    /// <summary>
    /// The pseudo-rule id under which an instruction shouted in capitals inside lower-case text reports
    /// (<see cref="ShoutedInstruction"/>): a built-in signal beside the model, on when the model is.
    /// </summary>
    public const string ShoutedRuleId = "shouted-instruction";

    /// <summary>Weak: a user may shout a wish of their own; with a second signal it is a spliced-in instruction.</summary>
    public const double ShoutedScore = 0.5;

    /// <summary>At most this many verdicts are remembered; when full, the memory starts over.</summary>
    public const int RememberedCapacity = RememberedResults<InspectionVerdict>.Capacity;

    private readonly RememberedResults<InspectionVerdict> _remembered = new();
    private readonly CompiledPhrase[] _phrases;
    private readonly SearchValues<string>? _phraseSearch;
    private readonly CompiledRegex[] _regexes;
    private readonly CompiledGate[] _gates;
    private readonly Regex[] _parentGates;
    private readonly InjectionModel? _model;
    private readonly CharacterModel? _suffixModel;
    private readonly double _modelFloor;
    private readonly double _modelFloorAlone;
    private readonly double _modelWeight;
    private readonly bool _hasRules;

    /// <param name="gates">
    /// Optional: non-backtracking regexes, each the alternation of the consecutive rules whose
    /// <see cref="CompiledRegex.Gate"/> is its index. One pass of a gate decides whether its rules need to run one by
    /// one — most prompts match none of them, so the common case costs one pass per gate instead of one per rule.
    /// </param>
    /// <param name="parentGates">
    /// Optional: alternations of consecutive gates' rules (<see cref="CompiledGate.Parent"/>); a gate runs only when its
    /// parent matched, so the common case costs one pass per parent.
    /// </param>
    /// <param name="suffixModel">Optional: the character model that reports adversarial suffixes (<see cref="SuffixRuleId"/>).</param>
    public PromptInspector(bool enabled, double blockThreshold, IReadOnlyList<CompiledPhrase> phrases, IReadOnlyList<CompiledRegex> regexes, InjectionModel? model = null, double modelFloor = ModelFloor, double modelWeight = ModelWeight, IReadOnlyList<CompiledGate>? gates = null, IReadOnlyList<Regex>? parentGates = null, CharacterModel? suffixModel = null)
    {
        _suffixModel = suffixModel;
        Enabled = enabled;
        BlockThreshold = blockThreshold;
        _phrases = [.. phrases];
        _regexes = [.. regexes];
        _gates = gates is null ? [] : [.. gates];
        _parentGates = parentGates is null ? [] : [.. parentGates];
        _model = model;
        _modelFloor = modelFloor;
        _modelWeight = modelWeight;
        // A weight that lets the model block alone below ModelFloorAlone also lets it report from there.
        _modelFloorAlone = Math.Max(modelFloor, Math.Min(ModelFloorAlone, blockThreshold / modelWeight));
        _hasRules = _phrases.Length + _regexes.Length > 0;
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
        if (!Enabled || (!_hasRules && _model is null && _suffixModel is null) || text.Length == 0)
        {
            return InspectionVerdict.Clean;
        }

        return _remembered.GetOrCompute(text, this, static (text, inspector) => inspector.InspectOnce(text));
    }

    /// <summary>
    /// Inspects one message knowing who wrote it. User and assistant turns (the client writes the whole history) are
    /// inspected as <see cref="Inspect(string)"/> does. A system message is the application's own instructions, which
    /// legitimately read like what some rules look for in user text — a persona ("you are now", "stay in character"),
    /// instruction headers and lines, rules in capitals, "do not reveal these instructions", "never refuse a customer's
    /// request", "no disclaimers", "the assistant must also …" — so those rules
    /// (<see cref="SystemPromptShapedRules"/>) and the n-gram model (which rates many system prompts as injections)
    /// do not count there; overrides, extraction, jailbreak personas, template tokens, hidden markup, encoded and
    /// scrambled text and adversarial suffixes still do.
    /// </summary>
    public InspectionVerdict Inspect(string text, ChatRole role)
    {
        var verdict = Inspect(text);
        if (role != ChatRole.System || verdict.IsClean)
        {
            return verdict;
        }

        List<string>? kept = null;
        var score = 0.0;
        var changed = false;
        foreach (var id in verdict.RuleIds)
        {
            if (id == ModelRuleId || SystemPromptShapedRules.Contains(id))
            {
                changed = true;
                continue;
            }

            (kept ??= new List<string>(verdict.RuleIds.Count)).Add(id);
            score += RuleScore(id);
        }

        if (!changed)
        {
            return verdict;
        }

        return kept is null ? InspectionVerdict.Clean : new InspectionVerdict(score, kept, score >= BlockThreshold);
    }

    /// <summary>Ids of the default policy's rules that describe how a system prompt is written; see <see cref="Inspect(string, ChatRole)"/>.</summary>
    public static FrozenSet<string> SystemPromptShapedRules { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        "you-are-now", "you-are-now-intl", "from-now-on", "persona-immersion", "conceal-instruction", "instruction-line",
        "fake-instruction-header", "markdown-instruction-header", "markdown-role-header", "fake-assistant-turn",
        "new-instructions", "just-say", "stop-and-do", "answer-trigger", "answer-trigger-intl", "answer-trigger-native",
        "forced-exact-output", "never-break-character", "refusal-forbidden", "no-disclaimers", "compliance-prefix", "note-to-ai",
        "when-processing-this", ShoutedRuleId);

    private double RuleScore(string id)
    {
        foreach (var phrase in _phrases)
        {
            if (phrase.Id == id)
            {
                return phrase.Score;
            }
        }

        foreach (var rule in _regexes)
        {
            if (rule.Id == id)
            {
                return rule.Score;
            }
        }

        return id switch
        {
            SuffixRuleId => SuffixScore,
            ShoutedRuleId => ShoutedScore,
            _ => 0,
        };
    }

    /// <summary>Verdicts remembered now (for tests).</summary>
    internal int RememberedCount => _remembered.Count;

    /// <summary>Alternation passes each form of a text that matches no rule gets (for tests).</summary>
    internal int FirstLevelGateCount => _parentGates.Length + _gates.Count(g => g.Parent < 0);

    private InspectionVerdict InspectOnce(string text)
    {
        List<string>? matched = null;
        var score = 0.0;
        char[]? pooled = null;
        try
        {
            var normalized = TextNormalizer.Normalize(text, ref pooled);
            MatchForms(normalized, ref matched, ref score);
            var payloads = EncodedPayloads.Decode(text);
            if (payloads is not null)
            {
                foreach (var payload in payloads)
                {
                    MatchForms(TextNormalizer.Normalize(payload), ref matched, ref score);
                }
            }

            // Letters spelled out with spaces of any width, and text written backwards or in rot13 (rare: each costs a
            // pass that finds nothing in an ordinary prompt).
            if (_hasRules && TextNormalizer.JoinSpacedLetters(text) is { } joined)
            {
                MatchForms(TextNormalizer.Normalize(joined), ref matched, ref score);
            }

            if (_hasRules)
            {
                MatchUnscrambled(normalized, ref matched, ref score);
                // Key words misspelt by one letter ("ignroe the prevous instrucitons"): only a text that has one pays a pass.
                MatchRewritten(normalized, Misspellings.Correct, ref matched, ref score);
            }

            // Case is gone from the normal form, so capitals are read on the original text.
            if (_model is not null && ShoutedInstruction.IsIn(text))
            {
                Add(ShoutedRuleId, ShoutedScore, ref matched, ref score);
            }

            // Machine-made gibberish, read on the original text (case and punctuation are what give it away).
            if (score < BlockThreshold && _suffixModel is not null && _suffixModel.HasGibberish(text))
            {
                Add(SuffixRuleId, SuffixScore, ref matched, ref score);
            }

            // The model is the second signal for what the rules alone do not block: consulted only under the
            // threshold (a prompt a rule already blocks keeps exact rule ids and skips the cost), its score adds up.
            if (score < BlockThreshold && _model is not null)
            {
                var probability = _model.Probability(normalized);
                if (payloads is not null)
                {
                    foreach (var payload in payloads)
                    {
                        probability = Math.Max(probability, _model.Probability(TextNormalizer.Normalize(payload)));
                    }
                }

                // Beside a rule it completes from the floor on; alone it stays silent below ModelFloorAlone, where it
                // could not block anyway and would only mark honest prompts suspicious.
                if (probability >= (matched is null ? _modelFloorAlone : _modelFloor))
                {
                    Add(ModelRuleId, Math.Round(probability * _modelWeight, 3), ref matched, ref score);
                }
            }
        }
        finally
        {
            TextNormalizer.Return(pooled);
        }

        return matched is null ? InspectionVerdict.Clean : new InspectionVerdict(score, matched, score >= BlockThreshold);
    }

    /// <summary>The model's probability for <paramref name="text"/>, or 0 without a model (for measurement).</summary>
    public double ModelProbability(string text) => _model?.Probability(TextNormalizer.Normalize(text)) ?? 0;

    private void MatchForms(ReadOnlySpan<char> normalized, ref List<string>? matched, ref double score)
    {
        if (!_hasRules)
        {
            return;
        }

        MatchRules(normalized, ref matched, ref score);
        MatchRewritten(normalized, TextNormalizer.Deobfuscate, ref matched, ref score);
    }

    /// <summary>Writes another form of a text into a rented buffer; leaves <paramref name="pooled"/> null when the form is the same.</summary>
    private delegate ReadOnlySpan<char> Rewrite(ReadOnlySpan<char> normalized, ref char[]? pooled);

    // The rules on a rewritten form (leetspeak read, misspelt key words corrected), only when the rewrite changed anything.
    private void MatchRewritten(ReadOnlySpan<char> normalized, Rewrite rewrite, ref List<string>? matched, ref double score)
    {
        char[]? pooled = null;
        try
        {
            var rewritten = rewrite(normalized, ref pooled);
            if (pooled is not null)
            {
                MatchRules(rewritten, ref matched, ref score);
            }
        }
        finally
        {
            TextNormalizer.Return(pooled);
        }
    }

    private void MatchUnscrambled(ReadOnlySpan<char> normalized, ref List<string>? matched, ref double score)
    {
        if (!TextNormalizer.MayBeScrambled(normalized))
        {
            return;
        }

        char[]? pooled = null;
        try
        {
            pooled = ArrayPool<char>.Shared.Rent(Math.Max(1, 3 * normalized.Length));
            if (TextNormalizer.Unscramble(normalized, pooled, out var reversed, out var wordsReversed, out var rot13) == 0)
            {
                return;
            }

            foreach (var form in (ReadOnlySpan<Range>)[reversed, wordsReversed, rot13])
            {
                if (!form.Equals(default(Range)))
                {
                    MatchRules(pooled.AsSpan()[form], ref matched, ref score);
                }
            }
        }
        finally
        {
            TextNormalizer.Return(pooled);
        }
    }

    private void MatchRules(ReadOnlySpan<char> text, ref List<string>? matched, ref double score)
    {
        if (_phraseSearch is not null)
        {
            MatchPhrases(text, ref matched, ref score);
        }

        var gate = -1;
        var gateOpen = true;
        var parent = -1;
        var parentOpen = true;
        foreach (var rule in _regexes)
        {
            if (rule.Gate != gate)
            {
                gate = rule.Gate;
                gateOpen = gate < 0 || gate >= _gates.Length || IsOpen(_gates[gate], text, ref parent, ref parentOpen);
            }

            if (gateOpen && rule.IsMatch(text))
            {
                Add(rule.Id, rule.Score, ref matched, ref score);
            }
        }
    }

    // A parent's verdict is kept while consecutive gates share it (a parent's gates are consecutive).
    private bool IsOpen(CompiledGate gate, ReadOnlySpan<char> text, ref int parent, ref bool parentOpen)
    {
        if (gate.Parent != parent)
        {
            parent = gate.Parent;
            parentOpen = parent < 0 || parent >= _parentGates.Length || _parentGates[parent].IsMatch(text);
        }

        return parentOpen && gate.Regex.IsMatch(text);
    }

    private void MatchPhrases(ReadOnlySpan<char> text, ref List<string>? matched, ref double score)
    {
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

/// <param name="Parent">Index of the inspector's parent gate that must match before this gate runs, or -1.</param>
public sealed record CompiledGate(Regex Regex, int Parent);

/// <param name="Gate">Index of the inspector's gate whose alternation includes this rule, or -1 (always run).</param>
public sealed record CompiledRegex(string Id, Regex Regex, double Score, int Gate = -1)
{
    /// <summary>A rule that runs out of time counts as matched: inspection fails closed, never open.</summary>
    public bool IsMatch(ReadOnlySpan<char> text)
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
