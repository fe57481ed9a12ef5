using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using Mediator;

namespace LlmGateway.Api.Endpoints;

/// <summary>Gateway API keys for services (admin only; the RBAC check is the pipeline's).</summary>
internal static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/admin/keys").RequireAuthorization().WithTags("API keys");

        keys.MapPost(string.Empty, CreateAsync)
            .WithName("CreateApiKey")
            .Accepts<CreateApiKeyRequest>("application/json")
            .WithSummary("Mint a gateway API key for an existing user (admin only).")
            .WithDescription("The answer carries the key once; the gateway stores only its SHA-256. Clients send it as "
                + "Authorization: Bearer <key>, where the OpenAI SDKs put their key, and act as the key's user with the key's role "
                + "(never more than the user's current role). 404 when the user does not exist; 400 when role exceeds the user's role. "
                + "Header Location: /admin/keys/{id}.")
            .Produces<CreatedApiKeyResponse>(StatusCodes.Status201Created)
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound,
                StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status503ServiceUnavailable);

        keys.MapGet(string.Empty, ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("Every gateway API key, revoked ones included, newest first; never the key itself (admin only).")
            .Produces<ApiKeyListResponse>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);

        keys.MapGet("/{id}", GetAsync)
            .WithName("GetApiKey")
            .WithSummary("One gateway API key's metadata; never the key itself (admin only).")
            .Produces<ApiKeyResponse>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);

        keys.MapDelete("/{id}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke a gateway API key (admin only).")
            .WithDescription("The next request carrying the key is refused with 401, on every instance. Revoking a revoked key "
                + "answers 204 again; the key stays in the listing as revoked. 404 when there is no key with this id.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ISender mediator, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadJsonAsync<CreateApiKeyRequest>(http, cancellationToken) is not { } body)
        {
            return Results.Empty;
        }

        var command = new CreateApiKeyCommand(http.User.ToCaller(), NewContext(http), body.UserId ?? string.Empty, body.Name ?? string.Empty, body.Role);
        var result = await mediator.Send(command, cancellationToken);
        if (result.Value is not { } created)
        {
            return GatewayHttp.Problem(result.Failure!, http);
        }

        var record = created.Record;
        return TypedResults.Created(
            $"/admin/keys/{record.Id}",
            new CreatedApiKeyResponse(record.Id, created.Key, record.Name, record.UserId, record.Role.ToName(), record.CreatedAt, record.CreatedBy, record.Hint));
    }

    private static async Task<IResult> ListAsync(HttpContext http, ISender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new ListApiKeysCommand(http.User.ToCaller(), NewContext(http)), cancellationToken);
        if (result.Value is not { } list)
        {
            return GatewayHttp.Problem(result.Failure!, http);
        }

        var keys = new ApiKeyResponse[list.Keys.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = ToResponse(list.Keys[i]);
        }

        return TypedResults.Ok(new ApiKeyListResponse(keys));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, ISender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new GetApiKeyCommand(http.User.ToCaller(), NewContext(http), id), cancellationToken);
        return result.Value is { } record ? TypedResults.Ok(ToResponse(record)) : GatewayHttp.Problem(result.Failure!, http);
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext http, ISender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new RevokeApiKeyCommand(http.User.ToCaller(), NewContext(http), id), cancellationToken);
        return result.Value is not null ? TypedResults.NoContent() : GatewayHttp.Problem(result.Failure!, http);
    }

    private static RequestContext NewContext(HttpContext http)
    {
        var context = new RequestContext(http.TraceIdentifier);
        http.Features.Set(context);
        return context;
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
