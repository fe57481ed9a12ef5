using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Infrastructure.Providers;
using Mediator;
using Microsoft.Extensions.Options;

namespace LlmGateway.Api.Endpoints;

/// <summary>
/// The OpenAI-compatible surface: existing OpenAI SDK code changes its base URL and key and gets every
/// guardrail. Same pipeline as /generate; errors in OpenAI's shape (see <see cref="OpenAiErrors"/>).
/// </summary>
internal static class OpenAiEndpoints
{
    /// <summary>A cached answer is replayed as a stream in pieces of this size.</summary>
    private const int ReplayChunkChars = 64;

    public static IEndpointRouteBuilder MapOpenAiEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").RequireAuthorization().WithTags("OpenAI-compatible");

        v1.MapPost("/chat/completions", CreateChatCompletionAsync)
            .WithName("CreateChatCompletion")
            .Accepts<ChatCompletionsRequest>("application/json")
            .WithSummary("OpenAI chat completions through the whole pipeline, whole or streamed (stream: true → text/event-stream).")
            .WithDescription("Send with any OpenAI SDK: base URL <gateway>/v1, key = a gateway API key or access token. Every system and user "
                + "message is inspected; the answer is filtered (across chunk boundaries when streamed). Errors use OpenAI's "
                + "{\"error\": {\"message\", \"type\", \"param\", \"code\"}} shape with the gateway's error code. Headers: X-Cache, "
                + "X-Gateway-Provider, X-RateLimit-*, X-Request-Id; Cache-Control: no-cache / no-store on the request skip the cache read / write.")
            .Produces<ChatCompletionResponse>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .Produces<OpenAiErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorResponse>(StatusCodes.Status401Unauthorized)
            .Produces<OpenAiErrorResponse>(StatusCodes.Status403Forbidden)
            .Produces<OpenAiErrorResponse>(StatusCodes.Status413PayloadTooLarge)
            .Produces<OpenAiErrorResponse>(StatusCodes.Status429TooManyRequests)
            .Produces<OpenAiErrorResponse>(StatusCodes.Status503ServiceUnavailable);

        v1.MapGet("/models", ListModels)
            .WithName("ListModels")
            .WithSummary("The models the configured providers serve, in OpenAI's list shape.")
            .Produces<ModelListResponse>()
            .Produces<OpenAiErrorResponse>(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<IResult> CreateChatCompletionAsync(
        HttpContext http,
        ISender mediator,
        IOptions<GatewayOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadJsonAsync<ChatCompletionsRequest>(http, cancellationToken) is not { } body)
        {
            return Results.Empty;
        }

        var (chat, invalid) = OpenAiRequestMapper.ToChatRequest(body, options.Value.DefaultModel);
        if (invalid is not null)
        {
            return GatewayHttp.Problem(invalid, http);
        }

        var context = new RequestContext(http.TraceIdentifier) { Prompt = TextFingerprint.Of(chat!.LastUserMessage() ?? string.Empty) };
        http.Features.Set(context);
        var stream = body.Stream == true;
        var command = new ChatCompletionCommand(http.User.ToCaller(), context, chat!, GatewayHttp.CacheDirectivesFrom(http.Request), stream);
        var result = await mediator.Send(command, cancellationToken);

        GatewayHttp.ApplyDecisionHeaders(http, context, time);
        if (result.Failure is { } failure)
        {
            return GatewayHttp.Problem(failure, http);
        }

        var id = $"chatcmpl-{http.TraceIdentifier}";
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (!stream)
        {
            var completion = result.Completion!;
            context.Usage = completion.Usage;
            var message = new AssistantMessageResponse("assistant", completion.Text);
            return TypedResults.Ok(new ChatCompletionResponse(
                id,
                "chat.completion",
                created,
                completion.Model,
                [new ChatChoiceResponse(0, message, null, completion.FinishReason)],
                UsageOf(completion),
                DecisionsOf(completion, context)));
        }

        var includeUsage = body.StreamOptions?.IncludeUsage == true;
        if (result.Stream is { } live)
        {
            await using (live)
            {
                await WriteStreamAsync(http, live, id, created, includeUsage, context, cancellationToken);
            }
        }
        else
        {
            await ReplayAsync(http, result.Completion!, id, created, includeUsage, context, cancellationToken);
        }

        return Results.Empty;
    }

    private static async Task WriteStreamAsync(HttpContext http, StreamedCompletion stream, string id, long created, bool includeUsage, RequestContext context, CancellationToken cancellationToken)
    {
        using var events = new ChatCompletionEventWriter(http.Response, id, created, stream.Model);
        try
        {
            await events.StartAsync(cancellationToken);
            await foreach (var update in stream.ReadAsync().WithCancellation(cancellationToken))
            {
                if (update.Text is { } text)
                {
                    events.WriteText(text);
                }
                else if (update.Completion is { } completion)
                {
                    context.Usage = completion.Usage;
                    events.WriteEnd(completion.FinishReason, includeUsage ? UsageOf(completion) : null, DecisionsOf(completion, context));
                }
                else
                {
                    events.WriteError(update.Failure!);
                }

                // Each event leaves as it comes: the next one may be seconds away.
                await events.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: leaving here disposes the stream, which closes the upstream call.
            http.Features.Set(GatewayOutcomeFeature.ClientClosed);
        }
    }

    private static async Task ReplayAsync(HttpContext http, Completion completion, string id, long created, bool includeUsage, RequestContext context, CancellationToken cancellationToken)
    {
        using var events = new ChatCompletionEventWriter(http.Response, id, created, completion.Model);
        try
        {
            await events.StartAsync(cancellationToken);
            var text = completion.Text;
            for (var start = 0; start < text.Length;)
            {
                var length = Math.Min(ReplayChunkChars, text.Length - start);
                if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
                {
                    // Never between the two halves of a surrogate pair: a lone half is written as U+FFFD.
                    length--;
                }

                events.WriteText(text.Substring(start, length));
                start += length;
            }

            // The whole answer is here: it leaves in one write.
            events.WriteEnd(completion.FinishReason, includeUsage ? UsageOf(completion) : null, DecisionsOf(completion, context));
            context.Usage = completion.Usage;
            await events.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            http.Features.Set(GatewayOutcomeFeature.ClientClosed);
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<ModelListResponse> ListModels(ModelCatalog catalog, IPolicyStore policies)
    {
        var policy = policies.Current;
        var models = new List<ModelResponse>(catalog.Models.Count);
        foreach (var model in catalog.Models)
        {
            if (policy.IsModelAllowed(model.Id))
            {
                models.Add(new ModelResponse(model.Id, "model", 0, model.OwnedBy));
            }
        }

        return TypedResults.Ok(new ModelListResponse("list", models));
    }

    private static OpenAiUsage UsageOf(Completion completion) =>
        new(completion.Usage.PromptTokens, completion.Usage.CompletionTokens, completion.Usage.TotalTokens);

    private static GatewayDecisions DecisionsOf(Completion completion, RequestContext context)
    {
        var redactions = RedactionResponse.From(completion.Redactions);

        return new GatewayDecisions(
            completion.Provider,
            context.CacheStatus == CacheStatus.Hit,
            completion.IsFallback,
            context.Policy!.Version,
            completion.Usage.Estimated,
            redactions);
    }
}
