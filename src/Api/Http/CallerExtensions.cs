using LlmGateway.Application.Ports;
using System.Security.Claims;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LlmGateway.Api.Http;

internal static class CallerExtensions
{
    /// <summary>The caller of an authenticated request. The token handler has already refused unknown roles.</summary>
    public static Caller ToCaller(this ClaimsPrincipal principal)
    {
        if (principal.Identity is ApiKeyIdentity key)
        {
            return key.Caller;
        }

        var userId = principal.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? string.Empty;
        var role = Roles.TryParse(principal.FindFirstValue(TokenClaims.Role), out var parsed) ? parsed : Role.User;
        var team = principal.FindFirstValue(TokenClaims.TeamId);
        return team is null ? new Caller(userId, role) : new Caller(userId, role) { TeamId = team };
    }
}
