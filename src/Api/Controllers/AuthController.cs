using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.Login;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LlmGateway.Api.Controllers;

[ApiController]
[AllowAnonymous]
[Tags("Auth")]
public sealed class AuthController(ISender mediator) : ControllerBase
{
    /// <summary>Exchange a user id and password for a bearer token.</summary>
    [HttpPost("login", Name = "Login")]
    [ProducesResponseType<LoginResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests)]
    public async Task<IActionResult> LoginAsync([FromBody] LoginRequest body, CancellationToken cancellationToken)
    {
        var command = new LoginCommand(body.UserId ?? string.Empty, body.Password, body.Role, HttpContext.Connection.RemoteIpAddress?.ToString());
        var result = await mediator.Send(command, cancellationToken);
        return result.ToActionResult(login => Ok(new LoginResponse(login.Token.Token, "bearer", login.Token.ExpiresIn, login.Role)));
    }
}
