using LlmGateway.Application.Ports;
using System.Security.Claims;
using System.Text.Encodings.Web;
using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LlmGateway.Api.Http;

/// <summary>
/// Authenticates <c>Authorization: Bearer gk_…</c> with <see cref="ApiKeyAuthenticator"/> (checked on every request
/// against the credential cache, so a revocation is in force everywhere within 1 s). The principal carries the claims a
/// JWT would (<c>sub</c>, <c>role</c>) plus the key id, and the caller itself (with the key's models). A refused key gets the same 401 as a refused JWT; a store that cannot be asked gets 503
/// store_unavailable — the request is never let in unchecked.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "GatewayApiKey";

    /// <summary>The id of the key a request was authenticated with (not secret; for logs and audits).</summary>
    public const string KeyIdClaim = "gk_id";

    private ApiKeyVerdict? _verdict;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!GatewayAuthentication.TryGetBearerToken(Request, out var token))
        {
            return AuthenticateResult.NoResult();
        }

        var outcome = await authenticator.AuthenticateAsync(token, Context.RequestAborted);
        _verdict = outcome.Verdict;
        if (outcome.Caller is not { } caller)
        {
            return AuthenticateResult.Fail(outcome.Verdict == ApiKeyVerdict.StoreUnavailable ? "The key store is unavailable." : "The API key is not acceptable.");
        }

        var identity = new ApiKeyIdentity(caller, outcome.KeyId!);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (_verdict == ApiKeyVerdict.StoreUnavailable)
        {
            await GatewayAuthentication.WriteStoreUnavailableAsync(Context);
            return;
        }

        await GatewayAuthentication.WriteUnauthorizedAsync(Context, invalidToken: result.Failure is not null);
    }
}

/// <summary>An API key's identity: the claims a JWT would give, plus the <see cref="Caller"/> the key authenticated as.</summary>
internal sealed class ApiKeyIdentity(Caller caller, string keyId) : ClaimsIdentity(
    [
        new Claim(JwtRegisteredClaimNames.Sub, caller.UserId),
        new Claim(TokenClaims.Role, caller.Role.ToName()),
        new Claim(ApiKeyAuthenticationHandler.KeyIdClaim, keyId),
        new Claim(TokenClaims.Team, caller.TeamId),
    ],
    ApiKeyAuthenticationHandler.SchemeName,
    JwtRegisteredClaimNames.Sub,
    TokenClaims.Role)
{
    public Caller Caller { get; } = caller;
}
