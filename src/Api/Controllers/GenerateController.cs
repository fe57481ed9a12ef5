using LlmGateway.Api.Http;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Api.Controllers;

[Tags("Generate")]
public sealed class GenerateController(ISender mediator, ModelRouteServices routes) : GatewayController(mediator)
{
    /// <summary>Send one prompt through the whole pipeline and get the filtered answer.</summary>
    /// <remarks>
    /// Headers: X-Cache (HIT, MISS or BYPASS), X-RateLimit-Limit/Remaining/Reset, X-Request-Id. Request header
    /// Cache-Control: no-cache skips the cache read (and stores the answer only under cache scope user), no-store skips the write.
    /// </remarks>
    [HttpPost("generate", Name = "Generate")]
    [ProducesResponseType<GenerateResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> GenerateAsync([FromBody] GenerateRequest body, CancellationToken cancellationToken)
    {
        var prompt = body.Prompt ?? string.Empty;
        var caller = Caller;
        var policy = routes.PolicyFor(caller.TeamId);
        var command = new GenerateCommand(
            caller,
            RequestRecord.Start(HttpContext, policy, prompt),
            policy,
            ChatRequest.FromPrompt(prompt, routes.DefaultModel, body.MaxTokens),
            GatewayHttp.CacheDirectivesFrom(Request));
        var result = await Mediator.Send(command, cancellationToken);

        var record = GatewayHttp.RecordDecisions(HttpContext, result.Decisions, routes.Time);
        if (result.Completion is not { } completion)
        {
            return result.Failure!.ToActionResult();
        }

        var usage = completion.Usage;
        record.Usage = usage;
        return GatewayResults.Json(new GenerateResponse(
            completion.Text,
            completion.Provider,
            completion.Model,
            result.Decisions.Cache == CacheStatus.Hit,
            policy.Version,
            completion.FinishReason,
            new UsageResponse(usage.PromptTokens, usage.CompletionTokens, usage.TotalTokens, usage.Estimated),
            RedactionResponse.From(completion.Redactions)));
    }
}
