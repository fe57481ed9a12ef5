using System.Text.Json;
using LlmGateway.Api.Http;
using LlmGateway.Application.Common;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Api.Controllers;

/// <summary>
/// A <c>/v1</c> route whose body goes through the model pipeline (every request pays for this path), in one way for all:
/// the body is read as bytes, not bound to a model — what the gateway does not read is forwarded as it came, and the
/// pooled buffer lives until the answer has been written; it is judged by the caller's team's policy (the global one with
/// the team's overlay, compiled when either changed); a body the mapper cannot read as JSON is the binder's 400, one it
/// refuses is answered with its failure; then the route sends its command and writes the answer.
/// </summary>
[OpenAiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)]
public abstract class ModelController(ISender mediator, ModelRouteServices routes) : GatewayController(mediator)
{
    private protected ModelRouteServices Routes { get; } = routes;

    /// <summary>The action every model route runs.</summary>
    private protected async Task<IActionResult> HandleAsync(CancellationToken cancellationToken)
    {
        using var body = await RequestBody.ReadBytesAsync(HttpContext, cancellationToken);
        if (body is null)
        {
            return new EmptyResult();
        }

        var caller = Caller;
        var policy = Routes.PolicyFor(caller.TeamId);
        GatewayFailure? refused;
        try
        {
            refused = Read(body.Memory, policy);
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", exception);
        }

        return refused is null ? await AnswerAsync(caller, policy, cancellationToken) : refused.ToActionResult();
    }

    /// <summary>Reads the body (keeping what the answer needs); the failure to answer with when it is refused.</summary>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    private protected abstract GatewayFailure? Read(ReadOnlyMemory<byte> body, PolicySnapshot policy);

    /// <summary>
    /// Sends the command <see cref="Read"/> prepared and writes the answer. Implementations use
    /// <see cref="System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder{TResult}"/>: this second async step
    /// of every request allocates nothing.
    /// </summary>
    private protected abstract ValueTask<IActionResult> AnswerAsync(Caller caller, PolicySnapshot policy, CancellationToken cancellationToken);
}
