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
/// OpenAI's Responses API over the chat pipeline: the request is translated into a chat completion
/// (<see cref="ResponsesRequestTranslator"/>) and sent as a <see cref="ChatCompletionCommand"/>, so inspection, blocked
/// terms, caching, routing, fallbacks and output filtering are exactly those of <c>/v1/chat/completions</c>; the filtered
/// answer is written back as a Response object or as Responses events.
/// </summary>
[Route("v1/responses")]
[Tags("OpenAI-compatible")]
public sealed class ResponsesController(ISender mediator, IPolicyStore policies, IOptions<GatewayOptions> options, UserConcurrencyLimiter concurrency, TimeProvider time)
    : GatewayController(mediator)
{
    private readonly string _defaultModel = options.Value.DefaultModel;

    /// <summary>OpenAI Responses through the whole pipeline, whole or streamed (stream: true → text/event-stream of Responses events).</summary>
    /// <remarks>
    /// input: a string or items — message items (input_text, input_image, input_file, input_audio parts; output_text and
    /// refusal in assistant messages), function_call and function_call_output items (a function's output is inspected as
    /// input, like a chat tool result). instructions, function tools, tool_choice, parallel_tool_calls, text.format (text,
    /// json_object, json_schema — filtered inside its JSON strings so it stays valid JSON), max_output_tokens, temperature,
    /// top_p, reasoning.effort, user, metadata (echoed). Nothing is stored: previous_response_id, conversation and prompt
    /// are refused (400 naming the param; send the conversation in input), store is accepted and the response says
    /// store: false; built-in tools (web_search, file_search, code_interpreter, mcp...) and background: true are refused
    /// naming the param; any field not listed here is refused naming it. The answer is a Response (output message with
    /// output_text or refusal, function_call items, usage with input_tokens and output_tokens, status completed or
    /// incomplete) plus the gateway object. Streamed: event: / data: pairs — response.created, response.in_progress,
    /// response.output_item.added, response.content_part.added, response.output_text.delta (response.refusal.delta),
    /// response.output_text.done, response.content_part.done, response.function_call_arguments.delta,
    /// response.function_call_arguments.done, response.output_item.done, then response.completed (or response.incomplete)
    /// with the whole Response; a failure after the start is an error event and response.failed. Errors before the
    /// start use OpenAI's {"error": {...}} shape. Headers as for chat completions.
    /// </remarks>
    [HttpPost(Name = "CreateResponse")]
    [JsonBody(typeof(ResponsesRequest))]
    [Produces("application/json", "text/event-stream")]
    [ProducesResponseType<ResponseObject>(StatusCodes.Status200OK)]
    [OpenAiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> CreateAsync(CancellationToken cancellationToken)
    {
        var http = HttpContext;
        using var body = await RequestBody.ReadBytesAsync(http, cancellationToken);
        if (body is null)
        {
            return new EmptyResult();
        }

        var policy = policies.Current;
        TranslatedResponsesRequest translated;
        MappedChatRequest mapped;
        try
        {
            translated = ResponsesRequestTranslator.Translate(body.Memory);
            if (translated.Failure is { } refused)
            {
                return refused.ToActionResult();
            }

            mapped = OpenAiRequestMapper.ToChatRequest(translated.ChatBody!, _defaultModel, policy.Enforces ? policy.RefusedInputs : InputParts.None);
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", exception);
        }
        catch (InvalidOperationException exception)
        {
            // A lone surrogate escape (\ud800) shows only when a string is decoded.
            throw new BadHttpRequestException("The request body holds text that is not valid Unicode.", exception);
        }

        if (mapped.Failure is { } invalid)
        {
            return ResponsesRequestTranslator.InResponsesTerms(invalid).ToActionResult();
        }

        var chat = mapped.Chat!;
        var stream = mapped.Stream;
        var streamSlot = default(UserConcurrencyLimiter.Lease);
        if (stream && concurrency.TryAcquireStream(Caller.UserId, out streamSlot) is { } streamsFull)
        {
            return streamsFull.ToActionResult();
        }

        using var heldUntilTheStreamEnds = streamSlot;
        var context = RequestRecord.Start(http, policy, chat.LastUserMessage() ?? string.Empty);
        var command = new ChatCompletionCommand(Caller, context, policy, chat, GatewayHttp.CacheDirectivesFrom(Request), stream);
        var result = await Mediator.Send(command, cancellationToken);

        var record = GatewayHttp.RecordDecisions(http, result.Decisions, time);
        if (result.Failure is { } failure)
        {
            return ResponsesRequestTranslator.InResponsesTerms(failure).ToActionResult();
        }

        var cached = result.Decisions.Cache == CacheStatus.Hit;
        var objects = new ResponseObjects(http.TraceIdentifier, time.GetUtcNow().ToUnixTimeSeconds(), translated.Echo, policy.Version);
        if (!stream)
        {
            var completion = result.Completion!;
            record.Usage = completion.Usage;
            return GatewayResults.Json(objects.Of(completion, cached));
        }

        if (result.Stream is { } live)
        {
            await using (live)
            {
                await WriteStreamAsync(live, objects, cached, record, cancellationToken);
            }

            record.Decisions = live.WithStreamDecisions(record.Decisions);
        }
        else
        {
            await ReplayAsync(result.Completion!, objects, record, cancellationToken);
        }

        return new EmptyResult();
    }

    private async Task WriteStreamAsync(StreamedCompletion stream, ResponseObjects objects, bool cached, RequestRecord record, CancellationToken cancellationToken)
    {
        using var events = new ResponsesEventWriter(Response, objects);
        try
        {
            await events.StartAsync(stream.Model, cancellationToken);
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
                    events.WriteEnd(objects.Of(completion, cached));
                }
                else
                {
                    events.WriteError(update.Failure!, stream.Model);
                }

                await events.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (HttpContext.RequestAborted.IsCancellationRequested)
        {
            HttpContext.Features.Set(GatewayOutcomeFeature.ClientClosed);
        }
    }

    /// <summary>A cached answer, written as the events a stream would have brought.</summary>
    private async Task ReplayAsync(Completion completion, ResponseObjects objects, RequestRecord record, CancellationToken cancellationToken)
    {
        using var events = new ResponsesEventWriter(Response, objects);
        try
        {
            await events.StartAsync(completion.Model, cancellationToken);
            if (completion.Choices is not { Count: > 0 } choices)
            {
                events.WriteText(completion.Text);
            }
            else
            {
                var choice = choices[0];
                events.WriteText(choice.Content ?? string.Empty);
                if (choice.Refusal is { } refusal)
                {
                    events.WritePart(new ChoiceDelta(0, DeltaKind.Refusal, refusal));
                }

                for (var call = 0; call < (choice.ToolCalls?.Count ?? 0); call++)
                {
                    var toolCall = choice.ToolCalls![call];
                    events.WritePart(new ChoiceDelta(0, DeltaKind.ToolCall, toolCall.Arguments, call, toolCall.Id, toolCall.Name));
                }
            }

            events.WriteEnd(objects.Of(completion, cached: true));
            record.Usage = completion.Usage;
            await events.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (HttpContext.RequestAborted.IsCancellationRequested)
        {
            HttpContext.Features.Set(GatewayOutcomeFeature.ClientClosed);
        }
    }
}
