using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace LlmGateway.Api.Http;

/// <summary>
/// One bearer slot, several kinds of credential: the default scheme is a policy scheme that forwards a request whose
/// bearer token starts with <c>gk_</c> to the gateway API key handler and every other one to the JwtBearer scheme
/// <see cref="BearerSchemes"/> picks for it (the gateway's own tokens, or an SSO issuer's). All yield the same claims
/// (<c>sub</c>, <c>role</c>, and <c>team_id</c> when not the default team), so the caller is built the same way
/// and everything downstream — roles, per-user rate limits, logs — works unchanged. All refuse with the same
/// 401 problem body, which never tells why.
/// </summary>
internal static class GatewayAuthentication
{
    public const string Scheme = "BearerJwtOrApiKey";

    /// <summary>The authorization policy of every admin route: an authenticated caller holding the admin role.</summary>
    public const string AdminPolicy = "Admin";

    private const string BearerPrefix = "Bearer ";

    public static string SelectScheme(HttpContext http, BearerSchemes jwtSchemes) =>
        !TryGetBearerToken(http.Request, out var token) ? BearerSchemes.Local
            : ApiKeyFormat.HasPrefix(token) ? ApiKeyAuthenticationHandler.SchemeName
            : jwtSchemes.ForJwt(token);

    /// <summary>The token of an <c>Authorization: Bearer</c> header, read the way JwtBearer reads it.</summary>
    public static bool TryGetBearerToken(HttpRequest request, out string token)
    {
        string? authorization = request.Headers.Authorization;
        if (authorization is not null && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            token = authorization[BearerPrefix.Length..].Trim();
            return token.Length > 0;
        }

        token = string.Empty;
        return false;
    }

    /// <summary>JwtBearer's challenge: the same 401 problem body as for a refused API key.</summary>
    public static Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        return context.AuthenticateFailure is StoreUnavailableException
            ? WriteStoreUnavailableAsync(context.HttpContext)
            : WriteUnauthorizedAsync(context.HttpContext, invalidToken: context.AuthenticateFailure is not null);
    }

    /// <summary>A credential that cannot be checked right now: 503, never let in unchecked.</summary>
    public static Task WriteStoreUnavailableAsync(HttpContext http)
    {
        var failure = new GatewayFailure(GatewayError.StoreUnavailable, "Credentials cannot be checked right now; try again shortly.");
        return GatewayHttp.Problem(failure, http).ExecuteAsync(http);
    }

    /// <param name="invalidToken">A credential was sent and refused (as opposed to none sent).</param>
    public static Task WriteUnauthorizedAsync(HttpContext http, bool invalidToken)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = invalidToken ? "Bearer error=\"invalid_token\"" : "Bearer";
        var failure = new GatewayFailure(
            GatewayError.Unauthorized, "A valid bearer token is required: a token from POST /login or a gateway API key.");
        return GatewayHttp.Problem(failure, http).ExecuteAsync(http);
    }
}
