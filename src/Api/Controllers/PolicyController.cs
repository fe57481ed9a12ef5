using System.Text.Json;
using LlmGateway.Api.Http;
using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;

namespace LlmGateway.Api.Controllers;

/// <summary>
/// The policy admin API (admin only). Every answer that carries a version is a <see cref="PolicyVersionResponse"/> with
/// the version as a strong ETag; a change (PUT, PATCH, rollback) may name the versions it applies to in If-Match and is
/// refused with 412 when none is live, and one that switches a protection off needs <c>?confirm=protection_off</c>.
/// </summary>
[Route("admin/policy")]
[Tags("Policy")]
public sealed class PolicyController(ISender mediator, IPolicyStore policies) : AdminController(mediator)
{
    /// <summary>The live policy with its version (admin only).</summary>
    /// <remarks>
    /// The answer is {version, updated_at, updated_by, policy}: policy is the document exactly as PUT takes it.
    /// Header ETag: the version, quoted ("7"); send it back in If-Match to change the policy safely.
    /// </remarks>
    [HttpGet(Name = "GetPolicy")]
    [ProducesResponseType<PolicyVersionResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> GetAsync(CancellationToken cancellationToken) =>
        SendAsync(new GetPolicyQuery(Caller, NewContext()), Versioned, cancellationToken);

    /// <summary>Publish a whole policy document as the next version (admin only).</summary>
    /// <remarks>
    /// The body is the policy document alone — the value of policy in GET's answer; the envelope itself
    /// ({version, updated_at, updated_by, policy}) is refused with 400 saying so. Every field must be one the document has,
    /// in its place: an unknown or misplaced field is a 400 naming its path. A field left out takes its default.
    /// If-Match (optional): * or entity tags; the change is published only while one of them is the live version's ETag, else
    /// 412 precondition_failed (a weak tag never matches); a malformed header is a 400. A change that switches a protection off
    /// (mode monitor, prompt inspection disabled or its rules emptied, detectors or blocked terms emptied) is a 400 listing
    /// them unless the request carries ?confirm=protection_off; it is then published and logged as a warning. An invalid
    /// document is refused with one 400 listing every problem in errors, keyed by its path (prompt_inspection.rules[3].pattern).
    /// </remarks>
    /// <param name="confirm">protection_off: publish even though the change switches a protection off.</param>
    [HttpPut(Name = "UpdatePolicy")]
    [ProducesResponseType<PolicyVersionResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status412PreconditionFailed, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> UpdateAsync([FromBody] JsonElement body, [FromQuery] string? confirm, CancellationToken cancellationToken) =>
        PublishAsync(body, PolicyEdit.Replace, confirm, cancellationToken);

    /// <summary>Change part of the live policy with a JSON merge patch (admin only).</summary>
    /// <remarks>
    /// Content-Type application/merge-patch+json (RFC 7396): an object merges field by field, null resets a field to its
    /// default, an array replaces the whole list. The patched document must be valid as PUT's body, and the patch itself may
    /// name only fields the document has (400 naming each path). If-Match and ?confirm=protection_off as for PUT; without
    /// If-Match the patch applies to whatever version is live.
    /// </remarks>
    /// <param name="confirm">protection_off: publish even though the change switches a protection off.</param>
    [HttpPatch(Name = "PatchPolicy")]
    [ProducesResponseType<PolicyVersionResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status412PreconditionFailed, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> PatchAsync([FromBody] JsonElement body, [FromQuery] string? confirm, CancellationToken cancellationToken)
    {
        if (PolicyRequests.NotAMergePatch(Request, "/admin/policy") is { } detail)
        {
            return Task.FromResult<IActionResult>(Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: detail));
        }

        return PublishAsync(body, PolicyEdit.MergePatch, confirm, cancellationToken);
    }

    /// <summary>Policy versions, newest first, the live one included (admin only).</summary>
    /// <remarks>Each entry has the shape of GET /admin/policy.</remarks>
    /// <param name="limit">1 to 100 (default 20): how many versions.</param>
    [HttpGet("history", Name = "GetPolicyHistory")]
    [ProducesResponseType<PolicyHistoryResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> HistoryAsync([FromQuery] string? limit, CancellationToken cancellationToken)
    {
        var query = new GetPolicyHistoryQuery(Caller, NewContext(), PolicyRequests.HistoryLimit(limit));
        return SendAsync(query, history => Ok(new PolicyHistoryResponse(ToResponses(history.Versions, ToResponse))), cancellationToken);
    }

    /// <summary>Make an earlier version's document live again, as a new version (admin only).</summary>
    /// <remarks>
    /// History only grows: the document of {version} is published as the next version. 404 when the version is unknown or
    /// no longer kept; If-Match and ?confirm=protection_off as for PUT.
    /// </remarks>
    /// <param name="confirm">protection_off: publish even though the rollback switches a protection off.</param>
    [HttpPost("rollback/{version}", Name = "RollbackPolicy")]
    [ProducesResponseType<PolicyVersionResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> RollbackAsync(string version, [FromQuery] string? confirm, CancellationToken cancellationToken)
    {
        if (PolicyRequests.ReadConditions(Request, confirm, out var ifMatch, out var confirmed) is { } refused)
        {
            return Task.FromResult(refused);
        }

        // A version that is not a number is passed on as 0, which the validator refuses.
        var command = new RollbackPolicyCommand(Caller, NewContext(), PolicyRequests.ParseOrZero(version), ifMatch, confirmed);
        return SendAsync(command, Versioned, cancellationToken);
    }

    /// <summary>What inspection and output filtering would decide, without calling a model (admin only).</summary>
    /// <remarks>
    /// Body: prompt and/or output (at least one), and optionally a candidate policy to use instead of the live one (validated
    /// like PUT, compiled for this request only, reported as policy_version 0). prompt.verdict is block when /generate would
    /// refuse the prompt: the inspection score reaches block_threshold (code prompt_blocked, 400) or the prompt holds a blocked
    /// term (code policy_denied, 403) — and the policy enforces. In monitor mode the verdict is allow, while score,
    /// threshold_reached, matched_rules and blocked_term still show what matched. The model allow-list is not evaluated.
    /// output.action is redact when anything was redacted, else none (block is reserved). Not rate limited.
    /// </remarks>
    [HttpPost("evaluate", Name = "EvaluatePolicy")]
    [ProducesResponseType<PolicyEvaluationResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge)]
    public Task<IActionResult> EvaluateAsync([FromBody] EvaluatePolicyRequest body, CancellationToken cancellationToken)
    {
        var policy = policies.Current;
        var context = RequestRecord.Start(HttpContext, policy, body.Prompt);
        return SendAsync(new EvaluatePolicyQuery(Caller, context, policy, body.Prompt, body.Output, body.Policy), PolicyRequests.Evaluated, cancellationToken);
    }

    /// <summary>
    /// PUT and PATCH take the body as JSON, which the handler reads strictly into a document (unknown fields are problems,
    /// not ignored); the OpenAPI document describes it as the policy document (GatewayOpenApi).
    /// </summary>
    private Task<IActionResult> PublishAsync(JsonElement body, PolicyEdit edit, string? confirm, CancellationToken cancellationToken)
    {
        if (PolicyRequests.ReadChange(Request, body, edit, confirm, out var change) is { } refused)
        {
            return Task.FromResult(refused);
        }

        return SendAsync(new UpdatePolicyCommand(Caller, NewContext(), change), Versioned, cancellationToken);
    }

    private OkObjectResult Versioned(PolicyVersionRecord record)
    {
        Response.Headers.ETag = PolicyETag.Format(record.Version);
        return Ok(ToResponse(record));
    }

    private static PolicyVersionResponse ToResponse(PolicyVersionRecord record) =>
        new(record.Version, record.UpdatedAt, record.UpdatedBy, record.Document);
}
