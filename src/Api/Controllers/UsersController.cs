using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.Users;
using LlmGateway.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LlmGateway.Api.Controllers;

[Route("admin/users")]
[Tags("Admin")]
public sealed class UsersController(ISender mediator) : AdminController(mediator)
{
    /// <summary>Create a user account (admin only).</summary>
    [HttpPost(Name = "CreateUser")]
    [ProducesResponseType<UserResponse>(StatusCodes.Status201Created)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge)]
    public async Task<IActionResult> CreateAsync([FromBody] CreateUserRequest body, CancellationToken cancellationToken)
    {
        var command = new CreateUserCommand(Caller, NewContext(), body.UserId ?? string.Empty, body.Password ?? string.Empty, body.Role ?? Roles.User);
        return (await Mediator.Send(command, cancellationToken)).ToActionResult(user =>
            Created($"/admin/users/{Uri.EscapeDataString(user.UserId)}", new UserResponse(user.UserId, user.Role, user.CreatedAt)));
    }
}
