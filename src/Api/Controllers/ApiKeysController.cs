using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LlmGateway.Api.Controllers;

/// <summary>Gateway API keys for services (admin only).</summary>
[Route("admin/keys")]
[Tags("API keys")]
public sealed class ApiKeysController(ISender mediator) : AdminController(mediator)
{
    /// <summary>Mint a gateway API key for an existing user (admin only).</summary>
    /// <remarks>
    /// The answer carries the key once; the gateway stores only its SHA-256. Clients send it as Authorization: Bearer &lt;key&gt;,
    /// where the OpenAI SDKs put their key, and act as the key's user with the key's role (never more than the user's
    /// current role). 404 when the user does not exist; 400 when role exceeds the user's role. Header Location: /admin/keys/{id}.
    /// </remarks>
    [HttpPost(Name = "CreateApiKey")]
    [ProducesResponseType<CreatedApiKeyResponse>(StatusCodes.Status201Created)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> CreateAsync([FromBody] CreateApiKeyRequest body, CancellationToken cancellationToken)
    {
        var command = new CreateApiKeyCommand(Caller, NewContext(), body.UserId ?? string.Empty, body.Name ?? string.Empty, body.Role);
        return (await Mediator.Send(command, cancellationToken)).ToActionResult(created =>
        {
            var record = created.Record;
            return Created(
                $"/admin/keys/{record.Id}",
                new CreatedApiKeyResponse(record.Id, created.Key, record.Name, record.UserId, record.Role.ToName(), record.CreatedAt, record.CreatedBy, record.Hint));
        });
    }

    /// <summary>Every gateway API key, revoked ones included, newest first; never the key itself (admin only).</summary>
    [HttpGet(Name = "ListApiKeys")]
    [ProducesResponseType<ApiKeyListResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> ListAsync(CancellationToken cancellationToken)
    {
        return (await Mediator.Send(new ListApiKeysQuery(Caller, NewContext()), cancellationToken)).ToActionResult(list =>
        {
            var keys = new ApiKeyResponse[list.Keys.Count];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = ToResponse(list.Keys[i]);
            }

            return Ok(new ApiKeyListResponse(keys));
        });
    }

    /// <summary>One gateway API key's metadata; never the key itself (admin only).</summary>
    [HttpGet("{id}", Name = "GetApiKey")]
    [ProducesResponseType<ApiKeyResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        var result = await Mediator.Send(new GetApiKeyQuery(Caller, NewContext(), id), cancellationToken);
        return result.ToActionResult(record => Ok(ToResponse(record)));
    }

    /// <summary>Revoke a gateway API key (admin only).</summary>
    /// <remarks>
    /// The next request carrying the key is refused with 401, on every instance. Revoking a revoked key answers 204 again;
    /// the key stays in the listing as revoked. 404 when there is no key with this id.
    /// </remarks>
    [HttpDelete("{id}", Name = "RevokeApiKey")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var result = await Mediator.Send(new RevokeApiKeyCommand(Caller, NewContext(), id), cancellationToken);
        return result.ToActionResult(_ => NoContent());
    }

    private static ApiKeyResponse ToResponse(ApiKeyRecord record) => new(
        record.Id,
        record.Name,
        record.UserId,
        record.Role.ToName(),
        record.CreatedAt,
        record.CreatedBy,
        record.Hint,
        record.RevokedAt is not null,
        record.RevokedAt,
        record.RevokedBy);
}
