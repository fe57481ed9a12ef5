using LlmGateway.Domain;
using LlmGateway.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LlmGateway.Api.Http;

/// <summary>
/// Bearer validation with the token service's own parameters (key, issuer, audience, HS256 only, small
/// skew). A token whose role is not exactly "user" or "admin", or that names no subject, is refused.
/// Every refusal is the same 401 problem body as for a refused API key: the reason is not told to the caller.
/// A token is validated once and then served from <see cref="CachingTokenHandler"/> until it expires; the subject
/// and role checks run on every request.
/// </summary>
internal sealed class JwtBearerSetup(JwtTokenService tokens, TimeProvider time) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new CachingTokenHandler(tokens.ValidationParameters.IssuerSigningKey, time));
        options.MapInboundClaims = false;
        options.IncludeErrorDetails = false;
        options.TokenValidationParameters = tokens.ValidationParameters;
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = RequireKnownSubjectAndRole,
            OnChallenge = WriteUnauthorizedAsync,
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    private static Task RequireKnownSubjectAndRole(TokenValidatedContext context)
    {
        string? subject = null;
        string? role = null;
        var roles = 0;
        foreach (var claim in context.Principal?.Claims ?? [])
        {
            if (claim.Type == JwtRegisteredClaimNames.Sub)
            {
                subject ??= claim.Value;
            }
            else if (claim.Type == JwtTokenService.RoleClaim)
            {
                role = claim.Value;
                roles++;
            }
        }

        if (string.IsNullOrEmpty(subject) || roles != 1 || !Roles.TryParse(role, out _))
        {
            context.Fail("The token's subject or role is not acceptable.");
        }

        return Task.CompletedTask;
    }

    private static Task WriteUnauthorizedAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        return GatewayAuthentication.WriteUnauthorizedAsync(context.HttpContext, invalidToken: context.AuthenticateFailure is not null);
    }
}
