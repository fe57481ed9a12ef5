using LlmGateway.Api.Http;
using LlmGateway.Application.Login;
using LlmGateway.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace LlmGateway.Api.Controllers;

[ApiController]
[AllowAnonymous]
[Tags("Auth")]
public sealed class AuthController(ISender mediator, IOptions<SsoOptions> sso, SsoIssuerEndpoints issuer) : ControllerBase
{
    /// <summary>How the admin console signs in with single sign-on (404 when it is not configured).</summary>
    /// <remarks>
    /// The issuer, the console's client id there and the scopes to ask for (OIDC_CONSOLE_CLIENT_ID, OIDC_CONSOLE_SCOPE), and the
    /// issuer's authorization and token endpoints from the discovery document the gateway reads (503 while it cannot be
    /// read): the console runs the authorization-code flow with PKCE against them and sends the access token it gets as a
    /// bearer token, as any SSO client does.
    /// </remarks>
    [HttpGet("auth/sso", Name = "GetSsoSettings")]
    [ProducesResponseType<SsoSettingsResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> GetSsoSettingsAsync(CancellationToken cancellationToken)
    {
        var settings = sso.Value;
        if (!settings.IsConsoleEnabled)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, detail: "Single sign-on is not configured for the console (OIDC_ISSUER, OIDC_CONSOLE_CLIENT_ID).");
        }

        if (await issuer.ReadAsync(cancellationToken) is { } endpoints)
        {
            return Ok(new SsoSettingsResponse(settings.Issuer!, settings.ConsoleClientId!, settings.ConsoleScope, endpoints.Authorization, endpoints.Token));
        }

        var unavailable = ProblemDetailsFactory.CreateProblemDetails(
            HttpContext, StatusCodes.Status503ServiceUnavailable, detail: "The single sign-on issuer's discovery document cannot be read now; try again later.");
        unavailable.Extensions["code"] = "issuer_unavailable";
        return new ObjectResult(unavailable) { StatusCode = StatusCodes.Status503ServiceUnavailable };
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
