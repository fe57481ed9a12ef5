using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Application.Policies;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Teams;

/// <summary>
/// Teams' policy overlays: read, publish (PUT, PATCH, rollback) and dry-run, the way the global policy is — the same strict
/// reading, validation, If-Match and protection-off rules (<see cref="PolicyPublishing"/>) — applied to the overlay merged
/// over the live global policy. A team admin reaches its own team only; another team is 404, as if it did not exist.
/// </summary>
public sealed class TeamPolicyCommandHandler(
    ITeamStore teams,
    ITeamPolicyAdministration overlays,
    IPolicyAdministration global,
    PolicyDocumentValidator documents,
    ILogger<TeamPolicyCommandHandler> logger)
    : IQueryHandler<GetTeamPolicyQuery, Result<PolicyOverlayRecord>>,
      IQueryHandler<GetTeamPolicyHistoryQuery, Result<IReadOnlyList<PolicyOverlayRecord>>>,
      ICommandHandler<UpdateTeamPolicyCommand, Result<PolicyOverlayRecord>>,
      ICommandHandler<RollbackTeamPolicyCommand, Result<PolicyOverlayRecord>>,
      IQueryHandler<EvaluateTeamPolicyQuery, Result<PolicyEvaluation>>
{
    public async ValueTask<Result<PolicyOverlayRecord>> Handle(GetTeamPolicyQuery query, CancellationToken cancellationToken) =>
        await IsReachableAsync(query.Caller, query.TeamId, cancellationToken)
            ? Result<PolicyOverlayRecord>.Success(await overlays.GetCurrentAsync(query.TeamId, cancellationToken))
            : Result<PolicyOverlayRecord>.FromFailure(TeamCommandHandler.UnknownTeam());

    public async ValueTask<Result<IReadOnlyList<PolicyOverlayRecord>>> Handle(GetTeamPolicyHistoryQuery query, CancellationToken cancellationToken) =>
        await IsReachableAsync(query.Caller, query.TeamId, cancellationToken)
            ? Result<IReadOnlyList<PolicyOverlayRecord>>.Success(await overlays.GetHistoryAsync(query.TeamId, query.Limit, cancellationToken))
            : Result<IReadOnlyList<PolicyOverlayRecord>>.FromFailure(TeamCommandHandler.UnknownTeam());

    public async ValueTask<Result<PolicyOverlayRecord>> Handle(UpdateTeamPolicyCommand command, CancellationToken cancellationToken)
    {
        var change = command.Change;
        if (!await IsReachableAsync(command.Caller, command.TeamId, cancellationToken))
        {
            return Result<PolicyOverlayRecord>.FromFailure(TeamCommandHandler.UnknownTeam());
        }

        // The overlay's own shape (only fields the document has, in their places) does not depend on any live version.
        var shape = PolicyDocumentJson.FindShapeProblems(change.Body);
        if (shape.Count > 0)
        {
            return Result<PolicyOverlayRecord>.FromFailure(PolicyPublishing.Invalid(shape));
        }

        for (var attempt = 1; ; attempt++)
        {
            var live = await overlays.GetCurrentAsync(command.TeamId, cancellationToken);
            var overlay = change.Edit == PolicyEdit.MergePatch ? Patch(live.Overlay, change.Body) : change.Body;
            if (await PublishAsync(command.TeamId, live, overlay, command.Caller, change.IfMatch, change.ConfirmProtectionOff, attempt, cancellationToken) is { } result)
            {
                return result;
            }
        }
    }

    public async ValueTask<Result<PolicyOverlayRecord>> Handle(RollbackTeamPolicyCommand command, CancellationToken cancellationToken)
    {
        if (!await IsReachableAsync(command.Caller, command.TeamId, cancellationToken))
        {
            return Result<PolicyOverlayRecord>.FromFailure(TeamCommandHandler.UnknownTeam());
        }

        if (await overlays.GetVersionAsync(command.TeamId, command.Version, cancellationToken) is not { } source)
        {
            return Result<PolicyOverlayRecord>.FromFailure(new GatewayFailure(
                GatewayError.NotFound, $"The team's policy overlay version {command.Version} does not exist or is no longer kept in the history."));
        }

        for (var attempt = 1; ; attempt++)
        {
            var live = await overlays.GetCurrentAsync(command.TeamId, cancellationToken);
            if (await PublishAsync(command.TeamId, live, source.Overlay, command.Caller, command.IfMatch, command.ConfirmProtectionOff, attempt, cancellationToken) is { } result)
            {
                return result;
            }
        }
    }

    public async ValueTask<Result<PolicyEvaluation>> Handle(EvaluateTeamPolicyQuery query, CancellationToken cancellationToken)
    {
        if (!await IsReachableAsync(query.Caller, query.TeamId, cancellationToken))
        {
            return Result<PolicyEvaluation>.FromFailure(TeamCommandHandler.UnknownTeam());
        }

        var policy = query.Policy;
        if (query.CandidateOverlay is { } candidate)
        {
            var problems = PolicyDocumentJson.FindShapeProblems(candidate);
            var globalLive = await global.GetCurrentAsync(cancellationToken);
            var document = problems.Count == 0 ? PolicyPublishing.ReadValid(PolicyDocumentJson.MergePatch(globalLive.Document, candidate), problems, documents) : null;
            if (document is null)
            {
                return Result<PolicyEvaluation>.FromFailure(PolicyPublishing.Invalid(problems));
            }

            policy = PolicyCompiler.Compile(document, EvaluatePolicyQuery.CandidateVersion, policy.UserLimits);
        }

        return Result<PolicyEvaluation>.Success(PolicyEvaluator.Evaluate(policy, query.Prompt, query.Output));
    }

    /// <returns>The outcome, or null when another change was published since <paramref name="live"/> and this one may be re-applied.</returns>
    private async ValueTask<Result<PolicyOverlayRecord>?> PublishAsync(
        string teamId,
        PolicyOverlayRecord live,
        JsonElement overlay,
        Caller caller,
        PolicyPrecondition ifMatch,
        bool confirmed,
        int attempt,
        CancellationToken cancellationToken)
    {
        if (!ifMatch.IsSatisfiedBy(live.Version))
        {
            return Stale(caller, ifMatch, live.Version);
        }

        // The team's policy before and after, each the overlay merged over the live global policy.
        var globalLive = await global.GetCurrentAsync(cancellationToken);
        var problems = new List<PolicyProblem>();
        var after = PolicyPublishing.ReadValid(PolicyDocumentJson.MergePatch(globalLive.Document, overlay), problems, documents);
        if (after is null)
        {
            return Result<PolicyOverlayRecord>.FromFailure(PolicyPublishing.Invalid(problems));
        }

        var before = PolicyDocumentJson.Read(PolicyDocumentJson.MergePatch(globalLive.Document, live.Overlay), []) ?? globalLive.Document;
        var turnedOff = PolicyProtection.TurnedOff(before, after);
        foreach (var dropped in PolicyProtection.DroppedFromGlobal(globalLive.Document, before, after))
        {
            if (!turnedOff.Exists(change => change.Path == dropped.Path))
            {
                turnedOff.Add(dropped);
            }
        }

        var fields = turnedOff.Count > 0 ? PolicyPublishing.Paths(turnedOff) : string.Empty;
        if (PolicyPublishing.RefuseProtectionOff(turnedOff, confirmed) is { } refused)
        {
            PolicyFailures.LogProtectionOffRefused(logger, caller.UserId, fields);
            return Result<PolicyOverlayRecord>.FromFailure(refused);
        }

        var result = await overlays.PublishAsync(teamId, overlay, caller.UserId, live.Version, cancellationToken);
        if (result.Published is not { } published)
        {
            return !ifMatch.IsConditional && attempt < PolicyPublishing.Attempts ? null : Stale(caller, ifMatch, result.CurrentVersion);
        }

        PolicyFailures.LogOverlayPublished(logger, teamId, published.Version, caller.UserId, live.Version);
        if (turnedOff.Count > 0)
        {
            PolicyFailures.LogOverlayProtectionOff(logger, teamId, published.Version, caller.UserId, fields, live.Version);
        }

        return Result<PolicyOverlayRecord>.Success(published);
    }

    private async ValueTask<bool> IsReachableAsync(Caller caller, string teamId, CancellationToken cancellationToken) =>
        TeamIds.IsValid(teamId) && caller.Covers(teamId) && await teams.FindAsync(teamId, cancellationToken) is not null;

    private Result<PolicyOverlayRecord> Stale(Caller caller, PolicyPrecondition ifMatch, long liveVersion)
    {
        var named = ifMatch.ToString();
        PolicyFailures.LogStale(logger, caller.UserId, named, liveVersion);
        return Result<PolicyOverlayRecord>.FromFailure(PolicyFailures.Stale(liveVersion, ifMatch));
    }

    /// <summary>A merge patch of the overlay itself: null in the patch removes the overlay's field (the global value applies again).</summary>
    private static JsonElement Patch(JsonElement overlay, JsonElement patch)
    {
        var merged = JsonMergePatch.Apply(JsonNode.Parse(overlay.GetRawText()), patch);
        using var json = JsonDocument.Parse(merged?.ToJsonString() ?? "{}");
        return json.RootElement.Clone();
    }
}
