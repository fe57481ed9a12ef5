using System.Text.Json;
using FluentValidation;
using LlmGateway.Application.Policies;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Teams;

/// <summary>A team's live policy overlay (version 0, empty, while it has none).</summary>
public sealed record GetTeamPolicyQuery(Caller Caller, RequestContext Context, string TeamId)
    : IQuery<Result<PolicyOverlayRecord>>, IRequiresTeamAdmin, IPolicyStoreRequest;

/// <summary>A team's overlay versions, newest first.</summary>
public sealed record GetTeamPolicyHistoryQuery(Caller Caller, RequestContext Context, string TeamId, int Limit)
    : IQuery<Result<IReadOnlyList<PolicyOverlayRecord>>>, IRequiresTeamAdmin, IPolicyStoreRequest, IValidatedRequest;

/// <summary>
/// Publishes a team's next overlay version: a whole overlay (PUT) or a JSON merge patch of the live overlay (PATCH). The
/// overlay merged over the live global policy must be a valid policy document; a change that switches a protection off
/// for the team (compared with what the team had) needs the confirmation the global policy needs.
/// </summary>
public sealed record UpdateTeamPolicyCommand(Caller Caller, RequestContext Context, string TeamId, PolicyChange Change)
    : ICommand<Result<PolicyOverlayRecord>>, IRequiresTeamAdmin, IPolicyStoreRequest
{
    public override string ToString() => $"UpdateTeamPolicyCommand {{ Caller = {Caller.UserId}, TeamId = {TeamId}, {Change} }}";
}

/// <summary>Publishes an earlier overlay version's content as the team's next version (history only grows).</summary>
public sealed record RollbackTeamPolicyCommand(Caller Caller, RequestContext Context, string TeamId, long Version, PolicyPrecondition IfMatch, bool ConfirmProtectionOff = false)
    : ICommand<Result<PolicyOverlayRecord>>, IRequiresTeamAdmin, IPolicyStoreRequest, IValidatedRequest;

/// <summary>
/// What inspection and filtering would decide for a caller of the team: under the team's policy in force (pinned), or under
/// a candidate overlay merged over the live global policy and compiled for this request only.
/// </summary>
public sealed record EvaluateTeamPolicyQuery(Caller Caller, RequestContext Context, PolicySnapshot Policy, string TeamId, string? Prompt, string? Output, JsonElement? CandidateOverlay)
    : IQuery<Result<PolicyEvaluation>>, IRequiresTeamAdmin, IPolicyPinnedRequest, IValidatedRequest, IPolicyEvaluationRequest
{
    public override string ToString() =>
        $"EvaluateTeamPolicyQuery {{ Caller = {Caller.UserId}, TeamId = {TeamId}, Prompt = {Prompt?.Length} chars, Output = {Output?.Length} chars, Candidate = {CandidateOverlay is not null} }}";
}

public sealed class GetTeamPolicyHistoryQueryValidator : AbstractValidator<GetTeamPolicyHistoryQuery>
{
    public GetTeamPolicyHistoryQueryValidator() => RuleFor(c => c.Limit).MustBeAHistoryLimit();
}

public sealed class RollbackTeamPolicyCommandValidator : AbstractValidator<RollbackTeamPolicyCommand>
{
    public RollbackTeamPolicyCommandValidator() => RuleFor(c => c.Version).MustBeAVersion();
}

public sealed class EvaluateTeamPolicyQueryValidator : AbstractValidator<EvaluateTeamPolicyQuery>
{
    public EvaluateTeamPolicyQueryValidator(Microsoft.Extensions.Options.IOptions<GatewayOptions> options) =>
        this.AddEvaluationRules(options.Value.MaxPromptChars);
}
