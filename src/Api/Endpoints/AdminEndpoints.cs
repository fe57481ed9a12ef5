using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.Common;
using LlmGateway.Application.Users;
using LlmGateway.Domain;
using Mediator;

namespace LlmGateway.Api.Endpoints;

internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization().WithTags("Admin");

        admin.MapPost("/users", CreateUserAsync)
            .WithName("CreateUser")
            .Accepts<CreateUserRequest>("application/json")
            .WithSummary("Create a user account (admin only).")
            .Produces<UserResponse>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<IResult> CreateUserAsync(HttpContext http, ISender mediator, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadJsonAsync<CreateUserRequest>(http, cancellationToken) is not { } body)
        {
            return Results.Empty;
        }

        var context = new RequestContext(http.TraceIdentifier);
        http.Features.Set(context);
        var command = new CreateUserCommand(http.User.ToCaller(), context, body.UserId ?? string.Empty, body.Password ?? string.Empty, body.Role ?? Roles.User);
        var result = await mediator.Send(command, cancellationToken);
        if (result.Value is not { } user)
        {
            return GatewayHttp.Problem(result.Failure!, http);
        }

        return TypedResults.Created($"/admin/users/{Uri.EscapeDataString(user.UserId)}", new UserResponse(user.UserId, user.Role, user.CreatedAt));
    }
}
