using LlmGateway.Application.Guardrails;
using LlmGateway.Application.Policies;
using LlmGateway.Domain.Policies;
using LlmGateway.UnitTests.Support;
using static LlmGateway.UnitTests.Support.PolicyCommands;

namespace LlmGateway.UnitTests.Application.Policies;

public class PolicyDocumentValidatorTests
{
    private readonly PolicyDocumentValidator _validator = new(GuardrailSet.Empty);

    [Fact]
    public void Validate_DefaultPolicy_Valid()
    {
        var result = _validator.Validate(Document());

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validate_EmptyDocument_ValidWithEveryDefault()
    {
        Assert.True(_validator.Validate(new PolicyDocument()).IsValid);
    }

    [Fact]
    public void Validate_PluginNoLoadedPluginHas_RefusedNamingTheFieldAndTheLoadedPlugins()
    {
        var validator = new PolicyDocumentValidator(new GuardrailSet([new TestGuard("terms")], [new TestGuard("pii-guard")]));
        var document = Document() with
        {
            Plugins = new Dictionary<string, PluginSetting> { ["terms"] = new(enabled: false), ["trems"] = new(enabled: false) },
        };

        var error = Assert.Single(validator.Validate(document).Errors);

        Assert.Equal("plugins.trems", error.PropertyName);
        Assert.Contains("the loaded ones are pii-guard, terms", error.ErrorMessage, StringComparison.Ordinal);
        Assert.False(_validator.Validate(Document() with { Plugins = new Dictionary<string, PluginSetting> { ["terms"] = new() } }).IsValid);
    }

    [Fact]
    public void Validate_TeamAdminLimitsOutOfRange_ReportedUnderTheirPath()
    {
        var document = Document() with { Limits = new LimitsSection { TeamAdmin = new RoleLimits { RateLimit = 0 } } };

        Assert.Equal(["limits.team_admin.rate_limit"], Errors(document).Keys);
    }

    [Fact]
    public void Validate_SeveralProblems_AllReportedTogetherUnderTheirPaths()
    {
        var document = Document() with
        {
            PromptInspection = new PromptInspectionSection
            {
                BlockThreshold = 0,
                Rules = [Rule("ok", "fine"), Rule("bad-regex", "(", InspectionRuleKind.Regex), Rule("ok", "duplicate id"), Rule("Bad Id", "x", score: 0)],
            },
            BlockedTerms = ["fine", " "],
            Redaction = new RedactionSection { Detectors = ["nope"] },
            Limits = new LimitsSection { Admin = new RoleLimits { RateWindowSeconds = 0 } },
            Models = new ModelsSection { Allowed = [new string('m', 201)] },
        };

        var errors = Errors(document);

        Assert.Equal(
            [
                "blocked_terms[1]",
                "limits.admin.rate_window_seconds",
                "models.allowed[0]",
                "prompt_inspection.block_threshold",
                "prompt_inspection.rules[1].pattern",
                "prompt_inspection.rules[2].id",
                "prompt_inspection.rules[3].id",
                "prompt_inspection.rules[3].score",
                "redaction.detectors[0]",
            ],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0.001, true)]
    [InlineData(1, true)]
    [InlineData(1000, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(1000.5, false)]
    [InlineData(double.NaN, false)]
    public void Validate_BlockThreshold_GreaterThanZeroUpTo1000(double threshold, bool valid)
    {
        var document = Document() with { PromptInspection = Document().PromptInspection with { BlockThreshold = threshold } };

        AssertOnly(document, valid, "prompt_inspection.block_threshold");
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("ignore-instructions.v2_b", true)]
    [InlineData("0123456789", true)]
    [InlineData("", false)]
    [InlineData("Upper", false)]
    [InlineData("with space", false)]
    [InlineData("ünïcode", false)]
    [InlineData("semi;colon", false)]
    public void Validate_RuleId_LowerCaseLettersDigitsDotUnderscoreDash(string id, bool valid)
    {
        AssertOnly(Document().WithRules(Rule(id, "some phrase")), valid, "prompt_inspection.rules[0].id");
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Validate_RuleIdLength_AtMost64(int length, bool valid)
    {
        AssertOnly(Document().WithRules(Rule(new string('r', length), "some phrase")), valid, "prompt_inspection.rules[0].id");
    }

    [Fact]
    public void Validate_NullRuleId_Required()
    {
        AssertOnly(Document().WithRules(Rule(null!, "some phrase")), false, "prompt_inspection.rules[0].id");
    }

    [Fact]
    public void Validate_DuplicateRuleIds_EachRepeatReportedNamingTheFirst()
    {
        var errors = Errors(Document().WithRules(Rule("same", "one"), Rule("other", "two"), Rule("same", "three"), Rule("same", "four")));

        Assert.Equal(["prompt_inspection.rules[2].id", "prompt_inspection.rules[3].id"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("rules[0]", Assert.Single(errors["prompt_inspection.rules[3].id"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData(null, false)]
    [InlineData("x", true)]
    public void Validate_Pattern_Required(string? pattern, bool valid)
    {
        AssertOnly(Document().WithRules(Rule("r", pattern!)), valid, "prompt_inspection.rules[0].pattern");
    }

    [Theory]
    [InlineData(InspectionRuleKind.Phrase, 2000, true)]
    [InlineData(InspectionRuleKind.Phrase, 2001, false)]
    [InlineData(InspectionRuleKind.Regex, 2000, true)]
    [InlineData(InspectionRuleKind.Regex, 2001, false)]
    public void Validate_PatternLength_AtMost2000(InspectionRuleKind kind, int length, bool valid)
    {
        AssertOnly(Document().WithRules(Rule("r", new string('p', length), kind)), valid, "prompt_inspection.rules[0].pattern");
    }

    [Theory]
    [InlineData("(")]
    [InlineData("[a-")]
    [InlineData("a{2,1}")]
    [InlineData(@"\")]
    [InlineData("(?<name")]
    public void Validate_RegexThatDoesNotCompile_ReportedOnThePattern(string pattern)
    {
        var errors = Errors(Document().WithRules(Rule("r", pattern, InspectionRuleKind.Regex)));

        var message = Assert.Single(Assert.Single(errors).Value);
        Assert.Equal("prompt_inspection.rules[0].pattern", Assert.Single(errors).Key);
        Assert.StartsWith("pattern is not a valid regular expression", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(a+)+$")] // catastrophic for a backtracking engine; linear for the non-backtracking one
    [InlineData(@"(\w)\1")] // backreference: the backtracking engine with a timeout
    [InlineData(@"(?<=x)y")]
    [InlineData("(")] // as a phrase it is just text
    public void Validate_PatternsThatCompile_Valid(string pattern)
    {
        var kind = pattern == "(" ? InspectionRuleKind.Phrase : InspectionRuleKind.Regex;

        Assert.True(_validator.Validate(Document().WithRules(Rule("r", pattern, kind))).IsValid);
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u00AD\uFEFF")]
    public void Validate_PhraseThatNormalisesToNothing_Invalid(string pattern)
    {
        // An empty phrase would match every prompt.
        AssertOnly(Document().WithRules(Rule("r", pattern)), false, "prompt_inspection.rules[0].pattern");
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0.25, true)]
    [InlineData(-0.5, true)]
    [InlineData(100, true)]
    [InlineData(-100, true)]
    [InlineData(0, false)]
    [InlineData(100.01, false)]
    [InlineData(-101, false)]
    public void Validate_Score_BetweenMinus100And100AndNotZero(double score, bool valid)
    {
        AssertOnly(Document().WithRules(Rule("r", "phrase", score: score)), valid, "prompt_inspection.rules[0].score");
    }

    [Fact]
    public void Validate_UnknownRuleKind_Invalid()
    {
        AssertOnly(Document().WithRules(Rule("r", "phrase", (InspectionRuleKind)7)), false, "prompt_inspection.rules[0].kind");
    }

    [Fact]
    public void Validate_UnknownSemanticSetting_Invalid()
    {
        var document = Document() with { PromptInspection = Document().PromptInspection with { Semantic = (SemanticInspection)3 } };

        AssertOnly(document, false, "prompt_inspection.semantic");
    }

    [Theory]
    [InlineData(SemanticInspection.Off)]
    [InlineData(SemanticInspection.On)]
    [InlineData(SemanticInspection.Uncertain)]
    public void Validate_KnownSemanticSetting_Valid(SemanticInspection setting)
    {
        Assert.True(_validator.Validate(Document() with { PromptInspection = Document().PromptInspection with { Semantic = setting } }).IsValid);
    }

    [Fact]
    public void Validate_UnknownMode_Invalid()
    {
        AssertOnly(Document() with { Mode = (PolicyMode)5 }, false, "mode");
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(501, false)]
    public void Validate_RuleCount_AtMost500(int count, bool valid)
    {
        var rules = new InspectionRule[count];
        for (var i = 0; i < count; i++)
        {
            rules[i] = Rule($"rule-{i}", $"phrase {i}");
        }

        AssertOnly(Document().WithRules(rules), valid, "prompt_inspection.rules");
    }

    [Fact]
    public void Validate_NullRule_ReportedAtItsIndex()
    {
        AssertOnly(Document().WithRules(Rule("a", "x"), null!), false, "prompt_inspection.rules[1]");
    }

    public static TheoryData<string, string> Lists => new()
    {
        { "blocked_terms", "blocked_terms" },
        { "keywords", "redaction.keywords" },
        { "allowed", "models.allowed" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void Validate_ListEntries_NonBlankAndAtMost200Characters(string list, string path)
    {
        var errors = Errors(WithList(list, ["ok", "", "   ", null!, new string('x', 200), new string('x', 201)]));

        Assert.Equal([$"{path}[1]", $"{path}[2]", $"{path}[3]", $"{path}[5]"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void Validate_ListLength_AtMost1000Entries(string list, string path)
    {
        var atLimit = new string[1000];
        for (var i = 0; i < atLimit.Length; i++)
        {
            atLimit[i] = $"entry-{i}";
        }

        Assert.True(_validator.Validate(WithList(list, atLimit)).IsValid);
        AssertOnly(WithList(list, [.. atLimit, "one-too-many"]), false, path);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void Validate_NullList_Invalid(string list, string path)
    {
        AssertOnly(WithList(list, null!), false, path);
    }

    [Theory]
    [InlineData("all", true)]
    [InlineData("jwt", true)]
    [InlineData("aws_access_key_id", true)]
    [InlineData("JWT", false)]
    [InlineData("All", false)]
    [InlineData("credit_card", true)]
    [InlineData("secrets", true)]
    [InlineData("pii", true)]
    [InlineData("credit_cards", false)]
    [InlineData("", false)]
    public void Validate_Detectors_AllOrKnownTypeNames(string detector, bool valid)
    {
        AssertOnly(Document() with { Redaction = new RedactionSection { Detectors = ["jwt", detector] } }, valid, "redaction.detectors[1]");
    }

    [Theory]
    [InlineData(RedactionAction.Redact, true)]
    [InlineData(RedactionAction.Block, true)]
    [InlineData((RedactionAction)7, false)]
    public void Validate_RedactionAction_RedactOrBlock(RedactionAction action, bool valid)
    {
        AssertOnly(Document() with { Redaction = new RedactionSection { Action = action } }, valid, "redaction.action");
    }

    [Fact]
    public void Validate_NoDetectors_Valid()
    {
        Assert.True(_validator.Validate(Document() with { Redaction = new RedactionSection { Detectors = [] } }).IsValid);
    }

    [Theory]
    [InlineData("max_tokens", 1, true)]
    [InlineData("max_tokens", 1_000_000, true)]
    [InlineData("max_tokens", 0, false)]
    [InlineData("max_tokens", 1_000_001, false)]
    [InlineData("rate_limit", 1, true)]
    [InlineData("rate_limit", 1_000_000_000, true)]
    [InlineData("rate_limit", 0, false)]
    [InlineData("rate_limit", 1_000_000_001, false)]
    [InlineData("rate_window_seconds", 1, true)]
    [InlineData("rate_window_seconds", 86_400, true)]
    [InlineData("rate_window_seconds", 0, false)]
    [InlineData("rate_window_seconds", 86_401, false)]
    public void Validate_RoleLimits_WithinRangeForBothRoles(string field, int value, bool valid)
    {
        var limits = field switch
        {
            "max_tokens" => new RoleLimits { MaxTokens = value },
            "rate_limit" => new RoleLimits { RateLimit = value },
            _ => new RoleLimits { RateWindowSeconds = value },
        };

        AssertOnly(Document() with { Limits = new LimitsSection { User = limits } }, valid, $"limits.user.{field}");
        AssertOnly(Document() with { Limits = new LimitsSection { Admin = limits } }, valid, $"limits.admin.{field}");
    }

    [Fact]
    public void Validate_NoRoleLimits_Valid()
    {
        Assert.True(_validator.Validate(Document() with { Limits = new LimitsSection() }).IsValid);
    }

    [Fact]
    public void Validate_NullSections_EachReported()
    {
        var document = Document() with { PromptInspection = null!, Redaction = null!, Limits = null!, Models = null! };

        Assert.Equal(["limits", "models", "prompt_inspection", "redaction"], Errors(document).Keys.Order(StringComparer.Ordinal));
    }

    private Dictionary<string, string[]> Errors(PolicyDocument document)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var failure in _validator.Validate(document).Errors)
        {
            errors[failure.PropertyName] = errors.TryGetValue(failure.PropertyName, out var messages) ? [.. messages, failure.ErrorMessage] : [failure.ErrorMessage];
        }

        return errors;
    }

    /// <summary>Valid, or invalid with problems at <paramref name="path"/> and nowhere else.</summary>
    private void AssertOnly(PolicyDocument document, bool valid, string path)
    {
        var errors = Errors(document);
        if (valid)
        {
            Assert.True(errors.Count == 0, $"Expected no problems but got: {string.Join("; ", errors.Keys)}");
        }
        else
        {
            Assert.True(errors.Count == 1 && errors.ContainsKey(path), $"Expected a problem at {path} only but got: {string.Join("; ", errors.Keys)}");
        }
    }

    private static PolicyDocument WithList(string list, IReadOnlyList<string> entries) => list switch
    {
        "blocked_terms" => Document() with { BlockedTerms = entries },
        "keywords" => Document() with { Redaction = new RedactionSection { Keywords = entries } },
        _ => Document() with { Models = new ModelsSection { Allowed = entries } },
    };
}
