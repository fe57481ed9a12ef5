using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.Login;
using Mediator;

namespace LlmGateway.Api.Endpoints;

internal static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .WithTags("Auth")
            .WithName("Login")
            .Accepts<LoginRequest>("application/json")
            .WithSummary("Exchange a user id and password for a bearer token.")
            .Produces<LoginResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext http, ISender mediator, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadJsonAsync<LoginRequest>(http, cancellationToken) is not { } body)
        {
            return Results.Empty;
        }

        var result = await mediator.Send(new LoginCommand(body.UserId ?? string.Empty, body.Password, body.Role, http.Connection.RemoteIpAddress?.ToString()), cancellationToken);
        if (result.Value is not { } login)
        {
            return GatewayHttp.Problem(result.Failure!, http);
        }

        return TypedResults.Ok(new LoginResponse(login.Token.Token, "bearer", login.Token.ExpiresIn, login.Role));
    }
}
