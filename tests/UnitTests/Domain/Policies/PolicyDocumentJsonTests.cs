using System.Text.Json;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Policies;

namespace LlmGateway.UnitTests.Domain.Policies;

/// <summary>
/// A field left out of a policy's JSON keeps its documented default. The source generator alone would set it
/// to null or 0 (dotnet/runtime#84484): inspection silently off, sections null.
/// </summary>
public class PolicyDocumentJsonTests
{
    [Fact]
    public void Deserialize_EmptyObject_EveryDefault()
    {
        var document = Deserialize("{}");

        Assert.Equal(PolicyMode.Enforce, document.Mode);
        Assert.True(document.PromptInspection.Enabled);
        Assert.Equal(1.0, document.PromptInspection.BlockThreshold);
        Assert.Empty(document.PromptInspection.Rules);
        Assert.Empty(document.BlockedTerms);
        Assert.Empty(document.Redaction.Keywords);
        Assert.Equal([SecretDetectorCatalog.All], document.Redaction.Detectors);
        Assert.Null(document.Limits.User);
        Assert.Null(document.Limits.Admin);
        Assert.Empty(document.Models.Allowed);
    }

    [Fact]
    public void Deserialize_PartialSections_LeftOutFieldsKeepTheirDefaults()
    {
        var document = Deserialize("""
            {"prompt_inspection": {"rules": [{"id": "r", "pattern": "p"}]}, "limits": {"user": {"rate_limit": 5}}}
            """);

        Assert.True(document.PromptInspection.Enabled);
        Assert.Equal(1.0, document.PromptInspection.BlockThreshold);
        var rule = Assert.Single(document.PromptInspection.Rules);
        Assert.Equal((InspectionRuleKind.Phrase, InspectionRule.DefaultScore), (rule.Kind, rule.Score));
        Assert.Equal((1024, 5, 60), (document.Limits.User!.MaxTokens, document.Limits.User.RateLimit, document.Limits.User.RateWindowSeconds));
    }

    [Fact]
    public void Deserialize_Plugins_EachNamedPluginsSettingAndAnEntryWithoutEnabledIsOn()
    {
        var document = Deserialize("""{"plugins": {"terms": {"enabled": false}, "pii-guard": {}}}""");

        Assert.False(document.Plugins["terms"].Enabled);
        Assert.True(document.Plugins["pii-guard"].Enabled);
        Assert.Empty(Deserialize("{}").Plugins);
    }

    [Fact]
    public void FindShapeProblems_UnknownFieldInAPluginsEntry_ReportedUnderItsPath()
    {
        using var json = JsonDocument.Parse("""{"plugins": {"terms": {"enabled": false, "enabeld": true}}}""");

        var problem = Assert.Single(PolicyDocumentJson.FindShapeProblems(json.RootElement));

        Assert.Equal("plugins.terms.enabeld", problem.Path);
    }

    [Fact]
    public void Deserialize_NullSectionsAndLists_TakeTheirDefaults()
    {
        var document = Deserialize("""
            {"prompt_inspection": null, "blocked_terms": null, "redaction": {"keywords": null, "detectors": null}, "limits": null, "models": null}
            """);

        Assert.True(document.PromptInspection.Enabled);
        Assert.Empty(document.BlockedTerms);
        Assert.Equal([SecretDetectorCatalog.All], document.Redaction.Detectors);
        Assert.NotNull(document.Limits);
        Assert.Empty(document.Models.Allowed);
    }

    [Fact]
    public void Deserialize_RuleWithoutIdOrPattern_NullsForTheValidatorToReport()
    {
        var rule = Assert.Single(Deserialize("""{"prompt_inspection": {"rules": [{"kind": "regex"}]}}""").PromptInspection.Rules);

        Assert.Null(rule.Id);
        Assert.Null(rule.Pattern);
        Assert.Equal(InspectionRuleKind.Regex, rule.Kind);
    }

    [Fact]
    public void RoundTrip_DefaultPolicy_Unchanged()
    {
        var json = JsonSerializer.Serialize(DefaultPolicy.Create(10, 60), PolicyJsonContext.Default.PolicyDocument);

        Assert.Equal(json, JsonSerializer.Serialize(Deserialize(json), PolicyJsonContext.Default.PolicyDocument));
    }

    [Theory]
    [InlineData("off", SemanticInspection.Off)]
    [InlineData("on", SemanticInspection.On)]
    [InlineData("uncertain", SemanticInspection.Uncertain)]
    public void RoundTrip_SemanticSetting_KeptByItsName(string name, SemanticInspection expected)
    {
        var document = Deserialize("{\"prompt_inspection\": {\"semantic\": \"" + name + "\"}}");

        Assert.Equal(expected, document.PromptInspection.Semantic);
        var json = JsonSerializer.Serialize(document, PolicyJsonContext.Default.PolicyDocument);
        Assert.Contains($"\"semantic\":\"{name}\"", json, StringComparison.Ordinal);
        Assert.Equal(expected, Deserialize(json).PromptInspection.Semantic);
    }

    [Fact]
    public void Deserialize_SemanticLeftOut_Off()
    {
        Assert.Equal(SemanticInspection.Off, Deserialize("""{"prompt_inspection": {"enabled": true}}""").PromptInspection.Semantic);
    }

    [Theory]
    [InlineData("\"sometimes\"")]
    [InlineData("true")]
    public void Deserialize_UnknownSemanticSetting_Rejected(string value)
    {
        Assert.Throws<JsonException>(() => Deserialize("{\"prompt_inspection\": {\"semantic\": " + value + "}}"));
    }

    [Theory]
    [InlineData(true, SemanticInspection.Uncertain, SemanticInspection.Uncertain)]
    [InlineData(false, SemanticInspection.On, SemanticInspection.Off)]
    public void Compile_SemanticSetting_InTheSnapshotUnlessInspectionIsOff(bool enabled, SemanticInspection setting, SemanticInspection expected)
    {
        var document = new PolicyDocument(promptInspection: new PromptInspectionSection(enabled: enabled, semantic: setting));

        var snapshot = PolicyCompiler.Compile(document, 1, new RoleLimits());

        Assert.Equal(expected, snapshot.SemanticInspection);
    }

    [Fact]
    public void FindShapeProblems_DocumentAsGetAnswersIt_None()
    {
        var json = JsonSerializer.SerializeToElement(DefaultPolicy.Create(10, 60) with { Cache = new CacheSection(CacheScope.User) }, PolicyJsonContext.Default.PolicyDocument);

        Assert.Empty(PolicyDocumentJson.FindShapeProblems(json));
    }

    [Fact]
    public void FindShapeProblems_UnknownMisplacedAndRepeatedFields_EachByItsPath()
    {
        var json = Element("""
            {
              "mode": "enforce",
              "Mode": "monitor",
              "rules": [],
              "prompt_inspection": {"enabled": true, "enabled": false, "rules": [{"id": "a", "pattern": "b", "weight": 2}]},
              "limits": {"user": {"max_tokens": 5, "burst": 1}},
              "cache": {"scope": "user", "ttl": 5}
            }
            """);

        var problems = PolicyDocumentJson.FindShapeProblems(json);

        Assert.Equal(
            ["Mode", "cache.ttl", "limits.user.burst", "prompt_inspection.enabled", "prompt_inspection.rules[0].weight", "rules"],
            problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.Contains("belongs in prompt_inspection", problems.Single(p => p.Path == "rules").Message, StringComparison.Ordinal);
        Assert.Contains("more than once", problems.Single(p => p.Path == "prompt_inspection.enabled").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindShapeProblems_TheEnvelope_OneProblemSayingSo()
    {
        var json = Element("""{"version": 4, "updated_at": "2026-01-01T00:00:00Z", "updated_by": "root", "policy": {"mode": "enforce"}}""");

        var problem = Assert.Single(PolicyDocumentJson.FindShapeProblems(json));

        Assert.Equal(new PolicyProblem("policy", PolicyDocumentJson.EnvelopeMessage), problem);
    }

    [Fact]
    public void FindShapeProblems_ThousandsOfUnknownFields_AtMostTheCap()
    {
        var json = Element("{" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"f{i}\": 1")) + "}");

        Assert.Equal(PolicyDocumentJson.MaxProblems, PolicyDocumentJson.FindShapeProblems(json).Count);
    }

    [Fact]
    public void Read_WrongType_ProblemAtItsPathWithoutTypeNames()
    {
        var problems = new List<PolicyProblem>();

        Assert.Null(PolicyDocumentJson.Read(Element("""{"prompt_inspection": {"rules": [{"id": "a", "pattern": "b", "score": "high"}]}}"""), problems));

        var problem = Assert.Single(problems);
        Assert.Equal("prompt_inspection.rules[0].score", problem.Path);
        Assert.DoesNotContain("LlmGateway", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MergePatch_ObjectsMergeArraysReplaceNullResets()
    {
        var live = DefaultPolicy.Create(10, 60) with { BlockedTerms = ["a", "b"], Mode = PolicyMode.Enforce };
        var patch = Element("""{"blocked_terms": ["c"], "prompt_inspection": {"block_threshold": 2}, "redaction": null}""");

        var patched = PolicyDocumentJson.Read(PolicyDocumentJson.MergePatch(live, patch), [])!;

        Assert.Equal(["c"], patched.BlockedTerms);
        Assert.Equal(2, patched.PromptInspection.BlockThreshold);
        Assert.Equal(live.PromptInspection.Rules, patched.PromptInspection.Rules);
        Assert.Equal([SecretDetectorCatalog.All], patched.Redaction.Detectors);
        Assert.Equal(live.Limits.User, patched.Limits.User);
    }

    [Fact]
    public void CacheScope_LeftOut_Role()
    {
        Assert.Equal(CacheScope.Role, Deserialize("{}").Cache.Scope);
        Assert.Equal(CacheScope.Global, Deserialize("""{"cache": {"scope": "global"}}""").Cache.Scope);
    }

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static PolicyDocument Deserialize(string json) => JsonSerializer.Deserialize(json, PolicyJsonContext.Default.PolicyDocument)!;
}
