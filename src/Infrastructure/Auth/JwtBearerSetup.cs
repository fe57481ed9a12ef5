using LlmGateway.Application.Users;
using LlmGateway.Domain;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// Bearer validation with the token service's own parameters (key, issuer, audience, HS256 only, small
/// skew). A token whose role is not exactly "user" or "admin", or that names no subject, is refused.
/// How a refusal is answered is the edge's (its <c>OnChallenge</c>): the same 401 problem body as for a refused API key.
/// A token is validated once and then served from <see cref="CachingTokenHandler"/> until it expires; the subject
/// and role checks run on every request, and so does the account check (<see cref="SessionAuthenticator"/>: the user
/// exists, is enabled and still has the token's security stamp; the role is capped by the account's). A token whose
/// account cannot be checked fails with <see cref="StoreUnavailableException"/>, which the edge answers with 503.
/// </summary>
internal sealed class JwtBearerSetup(JwtTokenService tokens, SessionAuthenticator sessions, TimeProvider time) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != BearerSchemes.Local)
        {
            return; // the SSO scheme is SsoBearerSetup's
        }

        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new CachingTokenHandler(tokens.ValidationParameters.IssuerSigningKey, time));
        options.MapInboundClaims = false;
        options.IncludeErrorDetails = false;
        options.TokenValidationParameters = tokens.ValidationParameters;
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = RequireKnownSubjectAndRole,
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    private async Task RequireKnownSubjectAndRole(TokenValidatedContext context)
    {
        string? subject = null;
        string? role = null;
        string? stamp = null;
        var roles = 0;
        foreach (var claim in context.Principal?.Claims ?? [])
        {
            if (claim.Type == TokenClaims.Subject)
            {
                subject ??= claim.Value;
            }
            else if (claim.Type == TokenClaims.Role)
            {
                role = claim.Value;
                roles++;
            }
            else if (claim.Type == TokenClaims.SecurityStamp)
            {
                stamp ??= claim.Value;
            }
        }

        if (string.IsNullOrEmpty(subject) || roles != 1 || !Roles.TryParse(role, out var tokenRole))
        {
            context.Fail("The token's subject or role is not acceptable.");
            return;
        }

        var session = await sessions.AuthenticateAsync(subject, stamp, tokenRole, context.HttpContext.RequestAborted);
        switch (session.Verdict)
        {
            case SessionVerdict.Rejected:
                context.Fail("The token's account no longer accepts it.");
                return;
            case SessionVerdict.StoreUnavailable:
                context.Fail(new StoreUnavailableException("The account store is unavailable."));
                return;
        }

        if (session.Role != tokenRole && context.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            identity.RemoveClaim(identity.FindFirst(TokenClaims.Role));
            identity.AddClaim(new System.Security.Claims.Claim(TokenClaims.Role, session.Role.ToName()));
        }
    }
}
