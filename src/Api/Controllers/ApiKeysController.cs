using LlmGateway.Api.Http;
using LlmGateway.Application.ApiKeys;
using LlmGateway.Domain;

namespace LlmGateway.Api.Controllers;

/// <summary>Gateway API keys for services (admin, or team admin for its team).</summary>
[Route("admin/keys")]
[Tags("API keys")]
public sealed class ApiKeysController(ISender mediator, TimeProvider time) : TeamAdminController(mediator)
{
    /// <summary>Mint a gateway API key for an existing user (admin, or team admin for its team).</summary>
    /// <remarks>
    /// The answer carries the key once; the gateway stores only its SHA-256. Clients send it as Authorization: Bearer &lt;key&gt;,
    /// where the OpenAI SDKs put their key, and act as the key's user with the key's role (never more than the user's
    /// current role). models restricts the key to those models (another → 403 naming model); expires_at ends it (401 after);
    /// metadata is a small map of your own labels. rpm_limit replaces the policy's per-user request limit for this key;
    /// tpm_limit caps its tokens per minute (prompt plus max_tokens reserved before each call); budget ({"amount_usd": 5,
    /// "period": "day"}) caps what it spends per UTC day or month at the configured prices (429 budget_exceeded beyond).
    /// 404 when the user does not exist; 400 when role exceeds the user's role.
    /// Header Location: /admin/keys/{id}.
    /// </remarks>
    [HttpPost(Name = "CreateApiKey")]
    [ProducesResponseType<CreatedApiKeyResponse>(StatusCodes.Status201Created)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> CreateAsync([FromBody] CreateApiKeyRequest body, CancellationToken cancellationToken)
    {
        var command = new CreateApiKeyCommand(
            Caller, NewContext(), body.UserId ?? string.Empty, body.Name ?? string.Empty, body.Role, body.Models, body.ExpiresAt, body.Metadata, body.RpmLimit, body.TpmLimit, body.Budget?.ToBudget());
        return SendAsync(command, created =>
        {
            var record = created.Record;
            return Created(
                $"/admin/keys/{record.Id}",
                new CreatedApiKeyResponse(
                    record.Id, created.Key, record.Name, record.UserId, record.Role.ToName(), record.CreatedAt, record.CreatedBy, record.Hint, record.Models, record.ExpiresAt, record.Metadata, record.TeamId,
                    record.RpmLimit, record.TpmLimit, BudgetBody.From(record.Budget)));
        }, cancellationToken);
    }

    /// <summary>Every gateway API key, revoked ones included, newest first, with its last use; never the key itself (admin, or team admin for its team).</summary>
    [HttpGet(Name = "ListApiKeys")]
    [ProducesResponseType<ApiKeyListResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> ListAsync(CancellationToken cancellationToken) =>
        SendAsync(new ListApiKeysQuery(Caller, NewContext()), list => Ok(new ApiKeyListResponse(ToResponses(list.Keys, ToResponse))), cancellationToken);

    /// <summary>One gateway API key's metadata; never the key itself (admin, or team admin for its team).</summary>
    [HttpGet("{id}", Name = "GetApiKey")]
    [ProducesResponseType<ApiKeyResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> GetAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(new GetApiKeyQuery(Caller, NewContext(), id), view => Ok(ToResponse(view)), cancellationToken);

    /// <summary>Revoke a gateway API key (admin, or team admin for its team).</summary>
    /// <remarks>
    /// The next request carrying the key is refused with 401, on every instance. Revoking a revoked key answers 204 again;
    /// the key stays in the listing as revoked. 404 when there is no key with this id.
    /// </remarks>
    [HttpDelete("{id}", Name = "RevokeApiKey")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> RevokeAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(new RevokeApiKeyCommand(Caller, NewContext(), id), _ => NoContent(), cancellationToken);

    /// <summary>Give a key a new secret; the old one keeps working for a grace period (admin, or team admin for its team).</summary>
    /// <remarks>
    /// The id stays, and with it the listing entry, the last use and revocation by id. The answer carries the new key once.
    /// Body: {} or {"grace_period_seconds": n}: 0 ends the old secret at once; default API_KEY_ROTATION_GRACE_SECONDS,
    /// at most API_KEY_ROTATION_MAX_GRACE_SECONDS (400 above). Rotating again within a grace period ends the older secret
    /// at once. 404 for an unknown key; 409 for a revoked one.
    /// </remarks>
    [HttpPost("{id}/rotate", Name = "RotateApiKey")]
    [ProducesResponseType<RotatedApiKeyResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> RotateAsync(string id, [FromBody] RotateApiKeyRequest body, CancellationToken cancellationToken) =>
        SendAsync(new RotateApiKeyCommand(Caller, NewContext(), id, body.GracePeriodSeconds), rotated =>
        {
            var record = rotated.Record;
            return Ok(new RotatedApiKeyResponse(record.Id, rotated.Key, record.Hint, record.RotatedAt!.Value, record.PreviousSecretExpiresAt));
        }, cancellationToken);

    private ApiKeyResponse ToResponse(ApiKeyView view)
    {
        var record = view.Record;
        return new(
            record.Id,
            record.Name,
            record.UserId,
            record.Role.ToName(),
            record.CreatedAt,
            record.CreatedBy,
            record.Hint,
            record.RevokedAt is not null,
            record.RevokedAt,
            record.RevokedBy,
            record.Models,
            record.ExpiresAt,
            record.ExpiresAt <= time.GetUtcNow(),
            record.Metadata,
            view.LastUsedAt,
            record.RotatedAt,
            record.PreviousSecretExpiresAt,
            record.TeamId,
            record.RpmLimit,
            record.TpmLimit,
            BudgetBody.From(record.Budget));
    }
}
