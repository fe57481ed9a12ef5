using System.Text.Json;
using LlmGateway.Api.Http;
using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
using LlmGateway.Application.Teams;

namespace LlmGateway.Api.Controllers;

/// <summary>
/// Teams and their policy overlays. Creating, renaming and deleting teams is for admins; a team admin reads its own team
/// and manages its overlay (another team is 404). The overlay endpoints work as /admin/policy's do: ETag and If-Match,
/// ?confirm=protection_off, history, rollback and evaluate.
/// </summary>
[Route("admin/teams")]
[Tags("Teams")]
public sealed class TeamsController(ISender mediator, IPolicyStore policies) : TeamAdminController(mediator)
{
    /// <summary>Create a team (admin only).</summary>
    /// <remarks>409 when the team_id is taken. Header Location: /admin/teams/{team_id}.</remarks>
    [HttpPost(Name = "CreateTeam")]
    [ProducesResponseType<TeamResponse>(StatusCodes.Status201Created)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> CreateAsync([FromBody] CreateTeamRequest body, CancellationToken cancellationToken) =>
        SendAsync(new CreateTeamCommand(Caller, NewContext(), body.TeamId ?? string.Empty, body.Name ?? string.Empty), team => Created($"/admin/teams/{team.TeamId}", ToResponse(team)), cancellationToken);

    /// <summary>Every team in team_id order (admin); a team admin's own team.</summary>
    [HttpGet(Name = "ListTeams")]
    [ProducesResponseType<TeamListResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> ListAsync(CancellationToken cancellationToken) =>
        SendAsync(new ListTeamsQuery(Caller, NewContext()), teams => Ok(new TeamListResponse(ToResponses(teams, ToResponse))), cancellationToken);

    /// <summary>One team (admin, or team admin for its own team).</summary>
    [HttpGet("{id}", Name = "GetTeam")]
    [ProducesResponseType<TeamResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> GetAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(new GetTeamQuery(Caller, NewContext(), id), team => Ok(ToResponse(team)), cancellationToken);

    /// <summary>Rename a team (admin only).</summary>
    [HttpPatch("{id}", Name = "UpdateTeam")]
    [ProducesResponseType<TeamResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> UpdateAsync(string id, [FromBody] UpdateTeamRequest body, CancellationToken cancellationToken) =>
        SendAsync(new UpdateTeamCommand(Caller, NewContext(), id, body.Name ?? string.Empty), team => Ok(ToResponse(team)), cancellationToken);

    /// <summary>Delete an empty team and its overlay (admin only).</summary>
    /// <remarks>
    /// 409 while the team still has users or unrevoked API keys (the message counts them): move the users to another team
    /// (PATCH /admin/users/{id} with team_id) or delete them first; nothing is deleted along with the team. 409 for default.
    /// </remarks>
    [HttpDelete("{id}", Name = "DeleteTeam")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> DeleteAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(new DeleteTeamCommand(Caller, NewContext(), id), _ => NoContent(), cancellationToken);

    /// <summary>The team's live policy overlay with its version (admin, or team admin for its own team).</summary>
    /// <remarks>
    /// {team_id, version, updated_at, updated_by, policy}: policy is the overlay exactly as PUT takes it — the fields of the
    /// policy document the team sets over the global policy; version 0 and {} while it has none. Header ETag: the version.
    /// </remarks>
    [HttpGet("{id}/policy", Name = "GetTeamPolicy")]
    [ProducesResponseType<TeamPolicyVersionResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> GetPolicyAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(new GetTeamPolicyQuery(Caller, NewContext(), id), record => Versioned(id, record), cancellationToken);

    /// <summary>Publish a whole overlay as the team's next version (admin, or team admin for its own team).</summary>
    /// <remarks>
    /// The body is a partial policy document: every field must be one the document has, in its place (400 naming the path);
    /// a field left out takes the global policy's value; null resets it to the document's default. The overlay merged over
    /// the live global policy must be a valid document (400 listing every problem). The team's callers have it within 1 s
    /// on every instance. If-Match and ?confirm=protection_off as for PUT /admin/policy, against the team's policy before.
    /// </remarks>
    /// <param name="confirm">protection_off: publish even though the change switches a protection off for the team.</param>
    [HttpPut("{id}/policy", Name = "UpdateTeamPolicy")]
    [ProducesResponseType<TeamPolicyVersionResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> UpdatePolicyAsync(string id, [FromBody] JsonElement body, [FromQuery] string? confirm, CancellationToken cancellationToken) =>
        PublishAsync(id, body, PolicyEdit.Replace, confirm, cancellationToken);

    /// <summary>Change part of the team's overlay with a JSON merge patch (admin, or team admin for its own team).</summary>
    /// <remarks>
    /// Content-Type application/merge-patch+json (RFC 7396), applied to the overlay: null removes the overlay's field, so the
    /// global policy's value applies again. Otherwise as PUT.
    /// </remarks>
    /// <param name="confirm">protection_off: publish even though the change switches a protection off for the team.</param>
    [HttpPatch("{id}/policy", Name = "PatchTeamPolicy")]
    [ProducesResponseType<TeamPolicyVersionResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> PatchPolicyAsync(string id, [FromBody] JsonElement body, [FromQuery] string? confirm, CancellationToken cancellationToken)
    {
        if (PolicyRequests.NotAMergePatch(Request, "/admin/teams/{id}/policy") is { } detail)
        {
            return Task.FromResult<IActionResult>(Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: detail));
        }

        return PublishAsync(id, body, PolicyEdit.MergePatch, confirm, cancellationToken);
    }

    /// <summary>The team's overlay versions, newest first (admin, or team admin for its own team).</summary>
    /// <param name="limit">1 to 100 (default 20): how many versions.</param>
    [HttpGet("{id}/policy/history", Name = "GetTeamPolicyHistory")]
    [ProducesResponseType<TeamPolicyHistoryResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> PolicyHistoryAsync(string id, [FromQuery] string? limit, CancellationToken cancellationToken)
    {
        var query = new GetTeamPolicyHistoryQuery(Caller, NewContext(), id, PolicyRequests.HistoryLimit(limit));
        return SendAsync(query, history =>
            Ok(new TeamPolicyHistoryResponse(ToResponses(history, record => ToResponse(id, record)))), cancellationToken);
    }

    /// <summary>Make an earlier overlay version live again, as the team's next version (admin, or team admin for its own team).</summary>
    /// <remarks>404 when the version is unknown or no longer kept; If-Match and ?confirm=protection_off as for PUT.</remarks>
    /// <param name="confirm">protection_off: publish even though the rollback switches a protection off for the team.</param>
    [HttpPost("{id}/policy/rollback/{version}", Name = "RollbackTeamPolicy")]
    [ProducesResponseType<TeamPolicyVersionResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> RollbackPolicyAsync(string id, string version, [FromQuery] string? confirm, CancellationToken cancellationToken)
    {
        if (PolicyRequests.ReadConditions(Request, confirm, out var ifMatch, out var confirmed) is { } refused)
        {
            return Task.FromResult(refused);
        }

        var command = new RollbackTeamPolicyCommand(Caller, NewContext(), id, PolicyRequests.ParseOrZero(version), ifMatch, confirmed);
        return SendAsync(command, record => Versioned(id, record), cancellationToken);
    }

    /// <summary>What inspection and output filtering would decide for a caller of the team, without calling a model.</summary>
    /// <remarks>
    /// As POST /admin/policy/evaluate, under the team's policy in force (the global policy with its overlay), or with policy
    /// given, under that candidate overlay merged over the live global policy (validated like PUT, reported as policy_version 0).
    /// </remarks>
    [HttpPost("{id}/policy/evaluate", Name = "EvaluateTeamPolicy")]
    [ProducesResponseType<PolicyEvaluationResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> EvaluatePolicyAsync(string id, [FromBody] EvaluateTeamPolicyRequest body, CancellationToken cancellationToken)
    {
        var policy = policies.ForTeam(id);
        var context = RequestRecord.Start(HttpContext, policy, body.Prompt);
        var query = new EvaluateTeamPolicyQuery(Caller, context, policy, id, body.Prompt, body.Output, body.Policy);
        return SendAsync(query, PolicyRequests.Evaluated, cancellationToken);
    }

    private Task<IActionResult> PublishAsync(string id, JsonElement body, PolicyEdit edit, string? confirm, CancellationToken cancellationToken)
    {
        if (PolicyRequests.ReadChange(Request, body, edit, confirm, out var change) is { } refused)
        {
            return Task.FromResult(refused);
        }

        return SendAsync(new UpdateTeamPolicyCommand(Caller, NewContext(), id, change), record => Versioned(id, record), cancellationToken);
    }

    private OkObjectResult Versioned(string teamId, PolicyOverlayRecord record)
    {
        Response.Headers.ETag = PolicyETag.Format(record.Version);
        return Ok(ToResponse(teamId, record));
    }

    private static TeamPolicyVersionResponse ToResponse(string teamId, PolicyOverlayRecord record) =>
        new(teamId, record.Version, record.UpdatedAt, record.UpdatedBy, record.Overlay);

    private static TeamResponse ToResponse(Team team) => new(team.TeamId, team.Name, team.CreatedAt, team.CreatedBy, team.UpdatedAt);
}
