using LlmGateway.Api.Http;
using LlmGateway.Application.Common;
using Microsoft.AspNetCore.Authorization;

namespace LlmGateway.Api.Controllers;

/// <summary>
/// A controller whose every action needs a valid credential and sends one command or query through the mediator.
/// </summary>
[ApiController]
[Authorize]
public abstract class GatewayController(ISender mediator) : ControllerBase
{
    protected ISender Mediator { get; } = mediator;

    /// <summary>Who is calling, from the validated credential.</summary>
    protected Caller Caller => User.ToCaller();

    /// <summary>The context of a request that carries no prompt (admin calls).</summary>
    protected RequestContext NewContext() => new(HttpContext.TraceIdentifier);

    /// <summary>Sends a command; its value becomes the action's <paramref name="answer"/>, a failure the gateway's error (<see cref="GatewayResults"/>).</summary>
    protected async Task<IActionResult> SendAsync<T>(ICommand<Result<T>> command, Func<T, IActionResult> answer, CancellationToken cancellationToken)
        where T : class =>
        (await Mediator.Send(command, cancellationToken)).ToActionResult(answer);

    /// <summary>Sends a query; its value becomes the action's <paramref name="answer"/>, a failure the gateway's error.</summary>
    protected async Task<IActionResult> SendAsync<T>(IQuery<Result<T>> query, Func<T, IActionResult> answer, CancellationToken cancellationToken)
        where T : class =>
        (await Mediator.Send(query, cancellationToken)).ToActionResult(answer);

    /// <summary>A listing's items as their response bodies, in order.</summary>
    protected static TResponse[] ToResponses<TItem, TResponse>(IReadOnlyList<TItem> items, Func<TItem, TResponse> toResponse)
    {
        var responses = new TResponse[items.Count];
        for (var i = 0; i < responses.Length; i++)
        {
            responses[i] = toResponse(items[i]);
        }

        return responses;
    }
}

/// <summary>The admin API: every action needs the admin role (the <see cref="GatewayAuthentication.AdminPolicy"/> policy).</summary>
[Authorize(Policy = GatewayAuthentication.AdminPolicy)]
public abstract class AdminController(ISender mediator) : GatewayController(mediator);

/// <summary>
/// The admin API a team admin may use too (the <see cref="GatewayAuthentication.TeamAdminPolicy"/> policy): each command
/// checks its required role, and limits a team admin to its own team.
/// </summary>
[Authorize(Policy = GatewayAuthentication.TeamAdminPolicy)]
public abstract class TeamAdminController(ISender mediator) : GatewayController(mediator);
