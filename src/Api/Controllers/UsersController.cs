using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.Users;
using LlmGateway.Domain;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LlmGateway.Api.Controllers;

[ApiController]
[Authorize(Policy = GatewayAuthentication.AdminPolicy)]
[Route("admin/users")]
[Tags("Admin")]
public sealed class UsersController(ISender mediator) : ControllerBase
{
    /// <summary>Create a user account (admin only).</summary>
    [HttpPost(Name = "CreateUser")]
    [ProducesResponseType<UserResponse>(StatusCodes.Status201Created)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge)]
    public async Task<IActionResult> CreateAsync([FromBody] CreateUserRequest body, CancellationToken cancellationToken)
    {
        var command = new CreateUserCommand(User.ToCaller(), new(HttpContext.TraceIdentifier), body.UserId ?? string.Empty, body.Password ?? string.Empty, body.Role ?? Roles.User);
        var result = await mediator.Send(command, cancellationToken);
        return result.ToActionResult(user =>
            Created($"/admin/users/{Uri.EscapeDataString(user.UserId)}", new UserResponse(user.UserId, user.Role, user.CreatedAt)));
    }
}
