using LlmGateway.Domain;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// Bearer validation with the token service's own parameters (key, issuer, audience, HS256 only, small
/// skew). A token whose role is not exactly "user" or "admin", or that names no subject, is refused.
/// How a refusal is answered is the edge's (its <c>OnChallenge</c>): the same 401 problem body as for a refused API key.
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
            if (claim.Type == TokenClaims.Subject)
            {
                subject ??= claim.Value;
            }
            else if (claim.Type == TokenClaims.Role)
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
}
