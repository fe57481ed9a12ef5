using LlmGateway.Api.Http;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;

namespace LlmGateway.Api.Controllers;

/// <summary>
/// OpenAI's Responses API over the chat pipeline: the request is translated into a chat completion
/// (<see cref="ResponsesRequestTranslator"/>) and sent as a <see cref="ChatCompletionCommand"/>, so inspection, blocked
/// terms, caching, routing, fallbacks and output filtering are exactly those of <c>/v1/chat/completions</c>; the filtered
/// answer is written back as a Response object or as Responses events.
/// </summary>
[Route("v1/responses")]
[Tags("OpenAI-compatible")]
public sealed class ResponsesController(ISender mediator, ModelRouteServices routes) : ChatAnswerController(mediator, routes)
{
    private ResponsesEcho? _echo;

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
    [ProducesResponseType<ResponseObject>(StatusCodes.Status200OK)]
    public Task<IActionResult> CreateAsync(CancellationToken cancellationToken) => HandleAsync(cancellationToken);

    private protected override GatewayFailure? ToChatBody(ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> chatBody)
    {
        TranslatedResponsesRequest translated;
        try
        {
            translated = ResponsesRequestTranslator.Translate(body);
        }
        catch (InvalidOperationException exception)
        {
            // A lone surrogate escape (\ud800) shows only when a string is decoded.
            throw new BadHttpRequestException("The request body holds text that is not valid Unicode.", exception);
        }

        _echo = translated.Echo;
        chatBody = translated.ChatBody;
        return translated.Failure;
    }

    private protected override GatewayFailure InClientTerms(GatewayFailure failure) => ResponsesRequestTranslator.InResponsesTerms(failure);

    private protected override IActionResult Whole(Completion completion, AnswerFacts facts) => GatewayResults.Json(Objects(facts).Of(completion));

    private protected override AnswerEvents Events(string model, AnswerFacts facts, bool includeUsage) => new ResponsesEventWriter(Response, Objects(facts), model);

    private ResponseObjects Objects(AnswerFacts facts) => new(facts, _echo!);
}
