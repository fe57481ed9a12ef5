using LlmGateway.Api.Http;
using LlmGateway.Application.Login;
using LlmGateway.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace LlmGateway.Api.Controllers;

[ApiController]
[AllowAnonymous]
[Tags("Auth")]
public sealed class AuthController(ISender mediator, IOptions<SsoOptions> sso) : ControllerBase
{
    /// <summary>How the admin console signs in with single sign-on (404 when it is not configured).</summary>
    /// <remarks>
    /// The issuer, the console's client id there and the scopes to ask for (OIDC_CONSOLE_CLIENT_ID, OIDC_CONSOLE_SCOPE): the
    /// console runs the authorization-code flow with PKCE against the issuer's endpoints from its discovery document and
    /// sends the access token it gets as a bearer token, as any SSO client does.
    /// </remarks>
    [HttpGet("auth/sso", Name = "GetSsoSettings")]
    [ProducesResponseType<SsoSettingsResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status404NotFound)]
    public IActionResult GetSsoSettings()
    {
        var settings = sso.Value;
        return settings.IsConsoleEnabled
            ? Ok(new SsoSettingsResponse(settings.Issuer!, settings.ConsoleClientId!, settings.ConsoleScope))
            : Problem(statusCode: StatusCodes.Status404NotFound, detail: "Single sign-on is not configured for the console (OIDC_ISSUER, OIDC_CONSOLE_CLIENT_ID).");
    }

    /// <summary>Exchange a user id and password for a bearer token.</summary>
    [HttpPost("login", Name = "Login")]
    [ProducesResponseType<LoginResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests)]
    public async Task<IActionResult> LoginAsync([FromBody] LoginRequest body, CancellationToken cancellationToken)
    {
        var command = new LoginCommand(body.UserId ?? string.Empty, body.Password, body.Role, HttpContext.Connection.RemoteIpAddress?.ToString());
        return (await mediator.Send(command, cancellationToken)).ToActionResult(LoggedIn);
    }

    /// <summary>A bearer token as /login and a password change answer it.</summary>
    internal static OkObjectResult LoggedIn(LoginResult login) =>
        new(new LoginResponse(login.Token.Token, "bearer", login.Token.ExpiresIn, login.Role));
}
