using LlmGateway.Api.Http;
using LlmGateway.Application.Ports;
using LlmGateway.Application.Users;
using LlmGateway.Domain;

namespace LlmGateway.Api.Controllers;

/// <summary>User accounts: create, list, read, change, delete, reset a password (admins; team admins for their own team: another team's user is 404).</summary>
[Route("admin/users")]
[Tags("Admin")]
public sealed class UsersController(ISender mediator) : TeamAdminController(mediator)
{
    /// <summary>Create a user account (admin, or team admin for its team).</summary>
    [HttpPost(Name = "CreateUser")]
    [ProducesResponseType<UserResponse>(StatusCodes.Status201Created)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> CreateAsync([FromBody] CreateUserRequest body, CancellationToken cancellationToken)
    {
        var command = new CreateUserCommand(Caller, NewContext(), body.UserId ?? string.Empty, body.Password ?? string.Empty, body.Role ?? Roles.User, body.TeamId);
        return SendAsync(command, user =>
            Created($"/admin/users/{Uri.EscapeDataString(user.UserId)}", new UserResponse(user.UserId, user.Role, false, user.CreatedAt, null, user.TeamId)), cancellationToken);
    }

    /// <summary>User accounts in user_id order, a page at a time; never a password hash (admin, or team admin for its team).</summary>
    /// <remarks>limit: 1 to 200 (default 50). The answer's next_after, passed as ?after=, gives the next page; it is absent on the last page.</remarks>
    [HttpGet(Name = "ListUsers")]
    [ProducesResponseType<UserListResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> ListAsync([FromQuery] string? after, [FromQuery] int? limit, CancellationToken cancellationToken)
    {
        var query = new ListUsersQuery(Caller, NewContext(), after, limit ?? ListUsersQuery.DefaultLimit);
        return SendAsync(query, page =>
            Ok(new UserListResponse(ToResponses(page.Users, ToResponse), page.NextAfter)), cancellationToken);
    }

    /// <summary>One user account; never its password hash (admin, or team admin for its team).</summary>
    [HttpGet("{id}", Name = "GetUser")]
    [ProducesResponseType<UserResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> GetAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(new GetUserQuery(Caller, NewContext(), id), account => Ok(ToResponse(account)), cancellationToken);

    /// <summary>Change a user's role or team, or disable/enable it (admin, or team admin for its team).</summary>
    /// <remarks>
    /// Fields left out stay as they are. A demotion, a move to another team or disabling ends every token the user holds, on
    /// every instance within 1 s; a disabled user's API keys are refused, a demoted user's keys are capped to the new role, a
    /// moved user's keys move with it. 409 for the caller's own account (no one demotes, disables or moves themselves). A team
    /// admin may not grant or touch the admin role (403) nor move users out of its team (403); 400 for an unknown team_id.
    /// </remarks>
    [HttpPatch("{id}", Name = "UpdateUser")]
    [ProducesResponseType<UserResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> UpdateAsync(string id, [FromBody] UpdateUserRequest body, CancellationToken cancellationToken) =>
        SendAsync(new UpdateUserCommand(Caller, NewContext(), id, body.Role, body.Disabled, body.TeamId), account => Ok(ToResponse(account)), cancellationToken);

    /// <summary>Delete a user account (admin, or team admin for its team).</summary>
    /// <remarks>Its tokens are refused on every instance within 1 s and its API keys are revoked. 409 for the caller's own account.</remarks>
    [HttpDelete("{id}", Name = "DeleteUser")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [GatewayProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> DeleteAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(new DeleteUserCommand(Caller, NewContext(), id), _ => NoContent(), cancellationToken);

    /// <summary>Set a user's password (admin, or team admin for its team).</summary>
    /// <remarks>Every token the user holds is refused from then on, on every instance within 1 s; its API keys keep working.</remarks>
    [HttpPost("{id}/password", Name = "ResetUserPassword")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> ResetPasswordAsync(string id, [FromBody] ResetPasswordRequest body, CancellationToken cancellationToken) =>
        SendAsync(new ResetPasswordCommand(Caller, NewContext(), id, body.NewPassword ?? string.Empty), _ => NoContent(), cancellationToken);

    internal static UserResponse ToResponse(UserAccount account) =>
        new(account.UserId, account.Role.ToName(), account.Disabled, account.CreatedAt, account.UpdatedAt, account.TeamId);
}
