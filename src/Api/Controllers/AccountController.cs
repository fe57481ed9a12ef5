using LlmGateway.Api.Http;
using LlmGateway.Application.Users;
using LlmGateway.Domain;

namespace LlmGateway.Api.Controllers;

/// <summary>The caller's own account.</summary>
[Route("me")]
[Tags("Auth")]
public sealed class AccountController(ISender mediator) : GatewayController(mediator)
{
    /// <summary>Who you are, as the gateway reads your credential: user id, role and team.</summary>
    /// <remarks>For a client that holds a token it did not get from POST /login (single sign-on), to learn the role the gateway gives it.</remarks>
    [HttpGet(Name = "GetCaller")]
    [ProducesResponseType<CallerResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status401Unauthorized)]
    public IActionResult Get()
    {
        var caller = Caller;
        return Ok(new CallerResponse(caller.UserId, caller.Role.ToName(), caller.TeamId));
    }

    /// <summary>Change your own password.</summary>
    /// <remarks>
    /// Proves the current password. Every token issued before is refused from then on, on every instance within 1 s; the
    /// answer carries a fresh one. 403 when current_password is wrong; attempts are limited like logins (429).
    /// </remarks>
    [HttpPost("password", Name = "ChangePassword")]
    [ProducesResponseType<LoginResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> ChangePasswordAsync([FromBody] ChangePasswordRequest body, CancellationToken cancellationToken)
    {
        var command = new ChangePasswordCommand(Caller, NewContext(), body.CurrentPassword ?? string.Empty, body.NewPassword ?? string.Empty);
        return SendAsync(command, AuthController.LoggedIn, cancellationToken);
    }
}
