using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Policies;

namespace LlmGateway.UnitTests.Support;

/// <summary>Policy admin commands and records with sensible defaults, so a test names only what it is about.</summary>
internal static class PolicyCommands
{
    public const string AdminId = "root";

    public static Caller Admin { get; } = new(AdminId, Role.Admin);

    public static PolicyDocument Document() => DefaultPolicy.Create(10, 60);

    public static PolicyVersionRecord Record(long version, PolicyDocument? document = null, string updatedBy = "system") =>
        new(version, document ?? Document(), updatedBy, DateTimeOffset.UnixEpoch.AddHours(version));

    public static UpdatePolicyCommand Update(PolicyDocument? document = null, PolicyPrecondition ifMatch = default, bool confirm = false) =>
        Update(JsonSerializer.Serialize(document ?? Document(), PolicyJsonContext.Default.PolicyDocument), PolicyEdit.Replace, ifMatch, confirm);

    /// <param name="json">The body as an admin sent it.</param>
    public static UpdatePolicyCommand Update(string json, PolicyEdit edit, PolicyPrecondition ifMatch = default, bool confirm = false)
    {
        using var body = JsonDocument.Parse(json);
        return new(Admin, new RequestContext("req-p1"), new PolicyChange(body.RootElement.Clone(), edit, ifMatch, confirm));
    }

    public static RollbackPolicyCommand Rollback(long version, PolicyPrecondition ifMatch = default, bool confirm = false) =>
        new(Admin, new RequestContext("req-p2"), version, ifMatch, confirm);

    public static GetPolicyQuery Get() => new(Admin, new RequestContext("req-p3"));

    public static GetPolicyHistoryQuery History(int limit = GetPolicyHistoryQuery.DefaultLimit) => new(Admin, new RequestContext("req-p4"), limit);

    /// <param name="policy">The live policy the edge pinned on the query; the default policy when not given.</param>
    public static EvaluatePolicyQuery Evaluate(string? prompt = null, string? output = null, PolicyDocument? candidate = null, PolicySnapshot? policy = null) =>
        new(Admin, new RequestContext("req-p5"), policy ?? TestPolicies.Default, prompt, output, candidate);

    public static InspectionRule Rule(string id, string pattern, InspectionRuleKind kind = InspectionRuleKind.Phrase, double score = 1.0) =>
        new() { Id = id, Pattern = pattern, Kind = kind, Score = score };

    public static PolicyDocument WithRules(this PolicyDocument document, params InspectionRule[] rules) =>
        document with { PromptInspection = document.PromptInspection with { Rules = rules } };
}
