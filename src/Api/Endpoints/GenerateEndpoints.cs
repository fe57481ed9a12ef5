using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Domain.Chat;
using Mediator;
using Microsoft.Extensions.Options;

namespace LlmGateway.Api.Endpoints;

internal static class GenerateEndpoints
{
    public static IEndpointRouteBuilder MapGenerateEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/generate", GenerateAsync)
            .RequireAuthorization()
            .WithTags("Generate")
            .WithName("Generate")
            .Accepts<GenerateRequest>("application/json")
            .WithSummary("Send one prompt through the whole pipeline and get the filtered answer.")
            .WithDescription("Headers: X-Cache (HIT, MISS or BYPASS), X-RateLimit-Limit/Remaining/Reset, X-Request-Id. "
                + "Request header Cache-Control: no-cache skips the cache read, no-store skips the write.")
            .Produces<GenerateResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> GenerateAsync(
        HttpContext http,
        ISender mediator,
        IOptions<GatewayOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadJsonAsync<GenerateRequest>(http, cancellationToken) is not { } body)
        {
            return Results.Empty;
        }

        var prompt = body.Prompt ?? string.Empty;
        var context = new RequestContext(http.TraceIdentifier) { Prompt = TextFingerprint.Of(prompt) };
        http.Features.Set(context);

        var command = new GenerateCommand(
            http.User.ToCaller(),
            context,
            ChatRequest.FromPrompt(prompt, options.Value.DefaultModel, body.MaxTokens),
            GatewayHttp.CacheDirectivesFrom(http.Request));
        var result = await mediator.Send(command, cancellationToken);

        GatewayHttp.ApplyDecisionHeaders(http, context, time);
        if (result.Completion is not { } completion)
        {
            return GatewayHttp.Problem(result.Failure!, http);
        }

        var redactions = RedactionResponse.From(completion.Redactions);

        var usage = completion.Usage;
        context.Usage = usage;
        return TypedResults.Ok(new GenerateResponse(
            completion.Text,
            completion.Provider,
            completion.Model,
            context.CacheStatus == CacheStatus.Hit,
            context.Policy!.Version,
            completion.FinishReason,
            new UsageResponse(usage.PromptTokens, usage.CompletionTokens, usage.TotalTokens, usage.Estimated),
            redactions));
    }
}
