using System.Collections.Frozen;
using System.Text.RegularExpressions;
using FluentValidation;
using LlmGateway.Application.Guardrails;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Inspection;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Policies;

/// <summary>
/// Everything that must hold before a policy document may be compiled and published. Every problem is
/// reported, each under its snake_case path in the document (<c>prompt_inspection.rules[3].pattern</c>);
/// within one field only the first problem is (<c>Cascade(Stop)</c> per chain: a validator-wide cascade mode
/// would also stop a <c>RuleForEach</c> at its first bad entry). Null sections and entries are reported rather
/// than crashing the compiler.
/// </summary>
public sealed class PolicyDocumentValidator : AbstractValidator<PolicyDocument>
{
    public const double MaxBlockThreshold = 1000;
    public const int MaxRules = 500;
    public const int MaxRuleIdLength = 64;
    public const int MaxPatternLength = 2000;
    public const double MaxAbsoluteScore = 100;
    public const int MaxListEntries = 1000;
    public const int MaxEntryLength = 200;
    public const int MaxTokens = 1_000_000;
    public const int MaxRateLimit = 1_000_000_000;
    public const int MaxRateWindowSeconds = 86_400;
    public const int MaxTokensPerMinute = 1_000_000_000;
    public const int MaxPlugins = 100;

    /// <param name="guards">The guardrail plugins loaded: the names a document's <c>plugins</c> section may use.</param>
    public PolicyDocumentValidator(GuardrailSet guards)
    {
        RuleFor(d => d.Mode)
            .IsInEnum().WithMessage("mode must be 'enforce' or 'monitor'.")
            .OverridePropertyName("mode");

        RuleFor(d => d.PromptInspection)
            .NotNull().WithMessage("prompt_inspection must be an object.")
            .SetValidator(new PromptInspectionValidator())
            .OverridePropertyName("prompt_inspection");

        RuleFor(d => d.BlockedTerms).BoundedList("blocked_terms").OverridePropertyName("blocked_terms");
        RuleForEach(d => d.BlockedTerms).ListEntry().OverridePropertyName("blocked_terms");

        RuleFor(d => d.Redaction)
            .NotNull().WithMessage("redaction must be an object.")
            .SetValidator(new RedactionValidator())
            .OverridePropertyName("redaction");

        RuleFor(d => d.Limits)
            .NotNull().WithMessage("limits must be an object.")
            .SetValidator(new LimitsValidator())
            .OverridePropertyName("limits");

        RuleFor(d => d.Models)
            .NotNull().WithMessage("models must be an object.")
            .SetValidator(new ModelsValidator())
            .OverridePropertyName("models");

        var loaded = guards.Names.Count == 0
            ? $"no plugin is loaded ({GuardrailOptions.SectionName}:Plugins)"
            : $"the loaded ones are {string.Join(", ", guards.Names.Order(StringComparer.Ordinal))}";
        RuleFor(d => d.Plugins).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("plugins must be an object.")
            .Must(plugins => plugins.Count <= MaxPlugins).WithMessage($"plugins may name at most {MaxPlugins} plugins.")
            .OverridePropertyName("plugins")
            .Custom((plugins, context) => CheckPlugins(plugins, guards.Names, loaded, context));
    }

    private static void CheckPlugins(IReadOnlyDictionary<string, PluginSetting> plugins, FrozenSet<string> names, string loaded, ValidationContext<PolicyDocument> context)
    {
        foreach (var (name, setting) in plugins)
        {
            if (!names.Contains(name))
            {
                var shown = name.Length <= MaxEntryLength ? name : string.Concat(name.AsSpan(0, MaxEntryLength), "…");
                context.AddFailure($"plugins.{shown}", $"'{shown}' is not the name of a guardrail plugin: {loaded}.");
            }
            else if (setting is null)
            {
                context.AddFailure($"plugins.{name}", "a plugin's setting must be an object, e.g. {\"enabled\": false}.");
            }
        }
    }

    private sealed class PromptInspectionValidator : AbstractValidator<PromptInspectionSection>
    {
        public PromptInspectionValidator()
        {
            RuleFor(s => s.BlockThreshold)
                .Must(t => t > 0 && t <= MaxBlockThreshold).WithMessage($"block_threshold must be greater than 0 and at most {MaxBlockThreshold}.")
                .OverridePropertyName("block_threshold");

            RuleFor(s => s.Semantic)
                .IsInEnum().WithMessage("semantic must be 'off', 'on' or 'uncertain'.")
                .OverridePropertyName("semantic");

            RuleFor(s => s.Rules).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("rules must be an array.")
                .Must(rules => rules.Count <= MaxRules).WithMessage($"rules may hold at most {MaxRules} rules.")
                .OverridePropertyName("rules");

            RuleFor(s => s.Rules).Custom(ReportDuplicateIds);

            RuleForEach(s => s.Rules)
                .NotNull().WithMessage("a rule must be an object.")
                .SetValidator(new InspectionRuleValidator())
                .OverridePropertyName("rules");
        }

        private static void ReportDuplicateIds(IReadOnlyList<InspectionRule>? rules, ValidationContext<PromptInspectionSection> context)
        {
            if (rules is null)
            {
                return;
            }

            var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i]?.Id is not { Length: > 0 } id)
                {
                    continue;
                }

                if (!firstIndex.TryAdd(id, i))
                {
                    context.AddFailure($"rules[{i}].id", $"id must be unique; rules[{firstIndex[id]}] has the same id.");
                }
            }
        }
    }

    private sealed class InspectionRuleValidator : AbstractValidator<InspectionRule>
    {
        public InspectionRuleValidator()
        {
            RuleFor(r => r.Id).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("id is required.")
                .MaximumLength(MaxRuleIdLength).WithMessage($"id must be at most {MaxRuleIdLength} characters.")
                .Must(IsRuleId).WithMessage("id may contain only a-z, 0-9, '.', '_' and '-'.")
                .OverridePropertyName("id");

            RuleFor(r => r.Kind)
                .IsInEnum().WithMessage("kind must be 'phrase' or 'regex'.")
                .OverridePropertyName("kind");

            RuleFor(r => r.Pattern).Cascade(CascadeMode.Stop)
                .Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage("pattern is required.")
                .MaximumLength(MaxPatternLength).WithMessage($"pattern must be at most {MaxPatternLength} characters.")
                .OverridePropertyName("pattern")
                .Custom(CheckPatternForKind);

            RuleFor(r => r.Score)
                .Must(s => s >= -MaxAbsoluteScore && s <= MaxAbsoluteScore && s != 0)
                .WithMessage($"score must be between -{MaxAbsoluteScore} and {MaxAbsoluteScore}, and not 0.")
                .OverridePropertyName("score");
        }

        private static bool IsRuleId(string id)
        {
            foreach (var c in id)
            {
                if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('.' or '_' or '-'))
                {
                    return false;
                }
            }

            return true;
        }

        private static void CheckPatternForKind(string pattern, ValidationContext<InspectionRule> context)
        {
            if (context.InstanceToValidate.Kind == InspectionRuleKind.Phrase)
            {
                // Phrases are matched in normalised form; one that normalises to nothing would match every prompt.
                if (TextNormalizer.Normalize(pattern).Length == 0)
                {
                    context.AddFailure("pattern has no visible characters.");
                }

                return;
            }

            try
            {
                PolicyCompiler.CompileRuleRegex(pattern);
            }
            catch (RegexParseException e)
            {
                context.AddFailure($"pattern is not a valid regular expression ({e.Error} at offset {e.Offset}).");
            }
            catch (ArgumentException)
            {
                context.AddFailure("pattern is not a valid regular expression.");
            }
        }
    }

    private sealed class RedactionValidator : AbstractValidator<RedactionSection>
    {
        private static readonly FrozenSet<string> DetectorNames = KnownDetectorNames();

        private static readonly string DetectorMessage =
            $"a detector must be \"{SecretDetectorCatalog.All}\", \"{SecretDetectorCatalog.Secrets}\", \"{SecretDetectorCatalog.PersonalData}\" or one of: " +
            $"{string.Join(", ", DetectorNames.Where(n => n is not (SecretDetectorCatalog.All or SecretDetectorCatalog.Secrets or SecretDetectorCatalog.PersonalData)).Order(StringComparer.Ordinal))}.";

        public RedactionValidator()
        {
            RuleFor(r => r.Keywords).BoundedList("keywords").OverridePropertyName("keywords");
            RuleForEach(r => r.Keywords).ListEntry().OverridePropertyName("keywords");

            RuleFor(r => r.Detectors).NotNull().WithMessage("detectors must be an array.").OverridePropertyName("detectors");
            RuleForEach(r => r.Detectors)
                .Must(d => d is not null && DetectorNames.Contains(d)).WithMessage(DetectorMessage)
                .OverridePropertyName("detectors");

            RuleFor(r => r.Action)
                .IsInEnum().WithMessage("action must be 'redact' or 'block'.")
                .OverridePropertyName("action");
        }

        private static FrozenSet<string> KnownDetectorNames()
        {
            var names = new List<string> { SecretDetectorCatalog.All, SecretDetectorCatalog.Secrets, SecretDetectorCatalog.PersonalData };
            foreach (var detector in SecretDetectorCatalog.Detectors)
            {
                names.Add(detector.Type);
            }

            return names.ToFrozenSet(StringComparer.Ordinal);
        }
    }

    private sealed class LimitsValidator : AbstractValidator<LimitsSection>
    {
        public LimitsValidator()
        {
            // Every role is optional (an absent role takes the gateway's configured limits, team_admin the user's); one validator checks them all.
            var roleLimits = new RoleLimitsValidator();
            RuleFor(l => l.User!).SetValidator(roleLimits).OverridePropertyName("user");
            RuleFor(l => l.Admin!).SetValidator(roleLimits).OverridePropertyName("admin");
            RuleFor(l => l.TeamAdmin!).SetValidator(roleLimits).OverridePropertyName("team_admin");
            RuleFor(l => l.TeamTokensPerMinute)
                .InclusiveBetween(0, MaxTokensPerMinute).WithMessage($"team_tokens_per_minute must be between 0 (no limit) and {MaxTokensPerMinute}.")
                .OverridePropertyName("team_tokens_per_minute");
        }
    }

    private sealed class RoleLimitsValidator : AbstractValidator<RoleLimits>
    {
        public RoleLimitsValidator()
        {
            RuleFor(l => l.MaxTokens).MustBeBetween("max_tokens", 1, MaxTokens);
            RuleFor(l => l.RateLimit).MustBeBetween("rate_limit", 1, MaxRateLimit);
            RuleFor(l => l.RateWindowSeconds).MustBeBetween("rate_window_seconds", 1, MaxRateWindowSeconds);

            RuleFor(l => l.TokensPerMinute)
                .InclusiveBetween(0, MaxTokensPerMinute).WithMessage($"tokens_per_minute must be between 0 (no limit) and {MaxTokensPerMinute}.")
                .OverridePropertyName("tokens_per_minute");
        }
    }

    private sealed class ModelsValidator : AbstractValidator<ModelsSection>
    {
        public ModelsValidator()
        {
            RuleFor(m => m.Allowed).BoundedList("allowed").OverridePropertyName("allowed");
            RuleForEach(m => m.Allowed).ListEntry().OverridePropertyName("allowed");
            RuleForEach(m => m.RefusedInputs)
                .Must(name => name is not null && InputPartNames.Parse(name) != InputParts.None)
                .WithMessage("refused_inputs entries must be one of image, audio, file.")
                .OverridePropertyName("refused_inputs");
        }
    }
}

/// <summary>The rules shared by the document's string lists (blocked terms, redaction keywords, allowed models).</summary>
internal static class PolicyListRules
{
    public static IRuleBuilderOptions<T, IReadOnlyList<string>> BoundedList<T>(this IRuleBuilderInitial<T, IReadOnlyList<string>> rule, string name) =>
        rule.Cascade(CascadeMode.Stop)
            .NotNull().WithMessage($"{name} must be an array.")
            .Must(list => list.Count <= PolicyDocumentValidator.MaxListEntries)
            .WithMessage($"{name} may hold at most {PolicyDocumentValidator.MaxListEntries} entries.");

    public static IRuleBuilderOptions<T, string> ListEntry<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(entry => !string.IsNullOrWhiteSpace(entry)).WithMessage("an entry must not be blank.")
            .MaximumLength(PolicyDocumentValidator.MaxEntryLength)
            .WithMessage($"an entry must be at most {PolicyDocumentValidator.MaxEntryLength} characters.");
}
