using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LlmGateway.Api.Controllers;

/// <summary>
/// The OpenAI-compatible chat surface: existing OpenAI SDK code changes its base URL and key and gets every
/// guardrail. Same pipeline as /generate; errors in OpenAI's shape (see <see cref="OpenAiErrors"/>).
/// </summary>
[Route("v1/chat/completions")]
[Tags("OpenAI-compatible")]
public sealed class ChatCompletionsController(ISender mediator, IPolicyStore policies, IOptions<GatewayOptions> options, TimeProvider time) : GatewayController(mediator)
{
    /// <summary>A cached answer is replayed as a stream in pieces of this size.</summary>
    private const int ReplayChunkChars = 64;

    private readonly string _defaultModel = options.Value.DefaultModel;

    /// <summary>OpenAI chat completions through the whole pipeline, whole or streamed (stream: true → text/event-stream).</summary>
    /// <remarks>
    /// Send with any OpenAI SDK: base URL &lt;gateway&gt;/v1, key = a gateway API key or access token. Every system and user
    /// message is inspected; the answer is filtered (across chunk boundaries when streamed). Errors use OpenAI's
    /// {"error": {"message", "type", "param", "code"}} shape with the gateway's error code. Headers: X-Cache,
    /// X-Gateway-Provider, X-RateLimit-*, X-Request-Id; Cache-Control: no-cache skips the cache read (and stores only under cache scope user), no-store the write.
    /// A streamed answer is a text/event-stream of chat.completion.chunk objects (data: {...}), ended by data: [DONE].
    /// </remarks>
    [HttpPost(Name = "CreateChatCompletion")]
    [Produces("application/json", "text/event-stream")]
    [ProducesResponseType<ChatCompletionResponse>(StatusCodes.Status200OK)]
    [OpenAiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> CreateAsync([FromBody] ChatCompletionsRequest body, CancellationToken cancellationToken)
    {
        var http = HttpContext;
        var (chat, invalid) = OpenAiRequestMapper.ToChatRequest(body, _defaultModel);
        if (invalid is not null)
        {
            return invalid.ToActionResult();
        }

        var policy = policies.Current;
        var stream = body.Stream == true;
        var context = RequestRecord.Start(http, policy, chat!.LastUserMessage() ?? string.Empty);
        var command = new ChatCompletionCommand(Caller, context, policy, chat, GatewayHttp.CacheDirectivesFrom(Request), stream);
        var result = await Mediator.Send(command, cancellationToken);

        var record = GatewayHttp.RecordDecisions(http, result.Decisions, time);
        if (result.Failure is { } failure)
        {
            return failure.ToActionResult();
        }

        var id = $"chatcmpl-{http.TraceIdentifier}";
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var decisions = new AnswerDecisions(result.Decisions.Cache == CacheStatus.Hit, policy.Version);
        if (!stream)
        {
            var completion = result.Completion!;
            record.Usage = completion.Usage;
            var message = new AssistantMessageResponse("assistant", completion.Text);
            return GatewayResults.Json(new ChatCompletionResponse(
                id,
                "chat.completion",
                created,
                completion.Model,
                [new ChatChoiceResponse(0, message, null, completion.FinishReason)],
                UsageOf(completion),
                decisions.Of(completion)));
        }

        var includeUsage = body.StreamOptions?.IncludeUsage == true;
        if (result.Stream is { } live)
        {
            await using (live)
            {
                await WriteStreamAsync(live, id, created, includeUsage, decisions, record, cancellationToken);
            }

            record.Decisions = live.WithStreamDecisions(record.Decisions);
        }
        else
        {
            await ReplayAsync(result.Completion!, id, created, includeUsage, decisions, record, cancellationToken);
        }

        return new EmptyResult();
    }

    private async Task WriteStreamAsync(StreamedCompletion stream, string id, long created, bool includeUsage, AnswerDecisions decisions, RequestRecord record, CancellationToken cancellationToken)
    {
        using var events = new ChatCompletionEventWriter(Response, id, created, stream.Model);
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
                    record.Usage = completion.Usage;
                    events.WriteEnd(completion.FinishReason, includeUsage ? UsageOf(completion) : null, decisions.Of(completion));
                }
                else
                {
                    events.WriteError(update.Failure!);
                }

                // Each event leaves as it comes: the next one may be seconds away.
                await events.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: leaving here disposes the stream, which closes the upstream call.
            HttpContext.Features.Set(GatewayOutcomeFeature.ClientClosed);
        }
    }

    private async Task ReplayAsync(Completion completion, string id, long created, bool includeUsage, AnswerDecisions decisions, RequestRecord record, CancellationToken cancellationToken)
    {
        using var events = new ChatCompletionEventWriter(Response, id, created, completion.Model);
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
            events.WriteEnd(completion.FinishReason, includeUsage ? UsageOf(completion) : null, decisions.Of(completion));
            record.Usage = completion.Usage;
            await events.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (HttpContext.RequestAborted.IsCancellationRequested)
        {
            HttpContext.Features.Set(GatewayOutcomeFeature.ClientClosed);
        }
    }

    private static OpenAiUsage UsageOf(Completion completion) =>
        new(completion.Usage.PromptTokens, completion.Usage.CompletionTokens, completion.Usage.TotalTokens);

    /// <summary>The gateway's own part of an answer: what the pipeline decided, next to what the model said.</summary>
    private readonly record struct AnswerDecisions(bool Cached, long PolicyVersion)
    {
        public GatewayDecisions Of(Completion completion) => new(
            completion.Provider,
            Cached,
            completion.IsFallback,
            PolicyVersion,
            completion.Usage.Estimated,
            RedactionResponse.From(completion.Redactions));
    }
}
