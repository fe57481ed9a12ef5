using System.Text.Json;
using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;
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
public sealed class ChatCompletionsController(ISender mediator, IPolicyStore policies, IOptions<GatewayOptions> options, UserConcurrencyLimiter concurrency, TimeProvider time)
    : GatewayController(mediator)
{
    /// <summary>A cached answer is replayed as a stream in pieces of this size.</summary>
    private const int ReplayChunkChars = 64;

    private readonly string _defaultModel = options.Value.DefaultModel;

    /// <summary>OpenAI chat completions through the whole pipeline, whole or streamed (stream: true → text/event-stream).</summary>
    /// <remarks>
    /// Send with any OpenAI SDK: base URL &lt;gateway&gt;/v1, key = a gateway API key or access token. Every field of OpenAI's
    /// request is accepted: the gateway reads what it inspects and forwards the rest of the body unchanged (tools, tool_choice,
    /// response_format, n, seed, logprobs, metadata... and fields OpenAI adds later). Every message's text is inspected, tool
    /// results included; every part of the answer that carries the model's words is filtered (content, refusal, tool-call
    /// arguments — inside JSON strings, so JSON stays valid — and the model name), across chunk boundaries when streamed.
    /// The model is routed by the gateway's model catalogue to the deployments that serve it, then to its fallback models; a
    /// model the catalogue does not have is a 404 naming model. A provider's 4xx (other than 408, 409, 429) is the client's
    /// error and comes back with its status, never answered by a fallback. Errors use OpenAI's
    /// {"error": {"message", "type", "param", "code"}} shape with the gateway's error code. Headers: X-Cache,
    /// X-Gateway-Provider, X-Gateway-Model (the catalogue model that answered), X-RateLimit-*, X-Request-Id; Cache-Control: no-cache skips the cache read (and stores only under cache scope user), no-store the write.
    /// A streamed answer is a text/event-stream of chat.completion.chunk objects (data: {...}), ended by data: [DONE].
    /// </remarks>
    [HttpPost(Name = "CreateChatCompletion")]
    [JsonBody(typeof(ChatCompletionsRequest))]
    [Produces("application/json", "text/event-stream")]
    [ProducesResponseType<ChatCompletionResponse>(StatusCodes.Status200OK)]
    [OpenAiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> CreateAsync(CancellationToken cancellationToken)
    {
        var http = HttpContext;
        // The body is read as bytes, not bound to a model: what the gateway does not read is forwarded as it came, and the
        // buffer (pooled) lives until the answer has been written.
        using var body = await RequestBody.ReadBytesAsync(http, cancellationToken);
        if (body is null)
        {
            return new EmptyResult();
        }

        // The caller's team's policy: the global one with the team's overlay, compiled when either changed.
        var caller = Caller;
        var policy = policies.ForTeam(caller.TeamId);
        MappedChatRequest mapped;
        try
        {
            // A monitoring policy refuses nothing.
            mapped = OpenAiRequestMapper.ToChatRequest(body.Memory, _defaultModel, policy.Enforces ? policy.RefusedInputs : InputParts.None);
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", exception);
        }

        if (mapped.Failure is { } invalid)
        {
            return invalid.ToActionResult();
        }

        var chat = mapped.Chat!;
        var stream = mapped.Stream;
        var streamSlot = default(UserConcurrencyLimiter.Lease);
        if (stream && concurrency.TryAcquireStream(caller.UserId, out streamSlot) is { } streamsFull)
        {
            return streamsFull.ToActionResult();
        }

        using var heldUntilTheStreamEnds = streamSlot;
        var context = RequestRecord.Start(http, policy, chat.LastUserMessage() ?? string.Empty);
        var command = new ChatCompletionCommand(caller, context, policy, chat, GatewayHttp.CacheDirectivesFrom(Request), stream);
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
            return GatewayResults.Json(new ChatCompletionResponse(
                id,
                "chat.completion",
                created,
                completion.Model,
                ChoicesOf(completion),
                UsageOf(completion),
                decisions.Of(completion)));
        }

        var includeUsage = mapped.IncludeUsage;
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

    /// <summary>The choices of a whole answer: one of text, or every one with its refusal and tool calls.</summary>
    private static ChatChoiceResponse[] ChoicesOf(Completion completion)
    {
        if (completion.Choices is not { } choices)
        {
            return [new ChatChoiceResponse(0, new AssistantMessageResponse("assistant", completion.Text), null, completion.FinishReason)];
        }

        var written = new ChatChoiceResponse[choices.Count];
        for (var i = 0; i < written.Length; i++)
        {
            var choice = choices[i];
            ToolCallResponse[]? calls = null;
            if (choice.ToolCalls is { } toolCalls)
            {
                calls = new ToolCallResponse[toolCalls.Count];
                for (var j = 0; j < calls.Length; j++)
                {
                    calls[j] = new ToolCallResponse(null, toolCalls[j].Id, "function", new FunctionCallResponse(toolCalls[j].Name, toolCalls[j].Arguments));
                }
            }

            written[i] = new ChatChoiceResponse(choice.Index, new AssistantMessageResponse("assistant", choice.Content, choice.Refusal, calls), null, choice.FinishReason);
        }

        return written;
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
                else if (update.Part is { } part)
                {
                    events.WritePart(part);
                }
                else if (update.Completion is { } completion)
                {
                    record.Usage = completion.Usage;
                    events.WriteEnd(completion.FinishReason, completion.Choices, includeUsage ? UsageOf(completion) : null, decisions.Of(completion));
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
            if (completion.Choices is not { } choices)
            {
                Replay(events, 0, DeltaKind.Content, completion.Text);
            }
            else
            {
                foreach (var choice in choices)
                {
                    Replay(events, choice.Index, DeltaKind.Content, choice.Content);
                    Replay(events, choice.Index, DeltaKind.Refusal, choice.Refusal);
                    for (var call = 0; call < (choice.ToolCalls?.Count ?? 0); call++)
                    {
                        var toolCall = choice.ToolCalls![call];
                        events.WritePart(new ChoiceDelta(choice.Index, DeltaKind.ToolCall, toolCall.Arguments, call, toolCall.Id, toolCall.Name));
                    }
                }
            }

            // The whole answer is here: it leaves in one write.
            events.WriteEnd(completion.FinishReason, completion.Choices, includeUsage ? UsageOf(completion) : null, decisions.Of(completion));
            record.Usage = completion.Usage;
            await events.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (HttpContext.RequestAborted.IsCancellationRequested)
        {
            HttpContext.Features.Set(GatewayOutcomeFeature.ClientClosed);
        }
    }

    /// <summary>A stored text written as a stream would have brought it, in pieces.</summary>
    private static void Replay(ChatCompletionEventWriter events, int choice, DeltaKind kind, string? text)
    {
        if (text is null)
        {
            return;
        }

        for (var start = 0; start < text.Length;)
        {
            var length = Math.Min(ReplayChunkChars, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                // Never between the two halves of a surrogate pair: a lone half is written as U+FFFD.
                length--;
            }

            var piece = text.Substring(start, length);
            if (choice == 0 && kind == DeltaKind.Content)
            {
                events.WriteText(piece);
            }
            else
            {
                events.WritePart(new ChoiceDelta(choice, kind, piece));
            }

            start += length;
        }
    }

    private static OpenAiUsage UsageOf(Completion completion) =>
        new(completion.Usage.PromptTokens, completion.Usage.CompletionTokens, completion.Usage.TotalTokens, new PromptTokensDetails(completion.Usage.CachedPromptTokens));

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
