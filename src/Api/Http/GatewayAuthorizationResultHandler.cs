using LlmGateway.Application.Common;
using LlmGateway.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace LlmGateway.Api.Http;

/// <summary>
/// A caller whose credential is valid but whose role the route's policy does not admit gets the gateway's 403 problem
/// body (OpenAI's shape under /v1), like every other refusal; a missing or refused credential still gets the scheme's 401.
/// </summary>
internal sealed class GatewayAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private static readonly GatewayFailure AdminOnly = new(GatewayError.Forbidden, $"This operation requires the '{Roles.Admin}' role.");

    private static readonly GatewayFailure AdminOrTeamAdmin =
        new(GatewayError.Forbidden, $"This operation requires the '{Roles.Admin}' or the '{Roles.TeamAdmin}' role.");

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Forbidden
            ? GatewayHttp.Problem(AdmitsTeamAdmins(policy) ? AdminOrTeamAdmin : AdminOnly, context).ExecuteAsync(context)
            : _default.HandleAsync(next, context, policy, authorizeResult);

    private static bool AdmitsTeamAdmins(AuthorizationPolicy policy)
    {
        foreach (var requirement in policy.Requirements)
        {
            if (requirement is ClaimsAuthorizationRequirement { AllowedValues: { } values } && values.Contains(Roles.TeamAdmin))
            {
                return true;
            }
        }

        return false;
    }
}
