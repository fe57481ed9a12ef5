using LlmGateway.Api.Http;
using LlmGateway.Application.Common;

namespace LlmGateway.Api.Controllers;

/// <summary>
/// The OpenAI-compatible chat surface: existing OpenAI SDK code changes its base URL and key and gets every
/// guardrail. Same pipeline as /generate; errors in OpenAI's shape (see <see cref="OpenAiErrors"/>).
/// </summary>
[Route("v1/chat/completions")]
[Tags("OpenAI-compatible")]
public sealed class ChatCompletionsController(ISender mediator, ModelRouteServices routes) : ChatAnswerController(mediator, routes)
{
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
    [ProducesResponseType<ChatCompletionResponse>(StatusCodes.Status200OK)]
    public Task<IActionResult> CreateAsync(CancellationToken cancellationToken) => HandleAsync(cancellationToken);

    private protected override GatewayFailure? ToChatBody(ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> chatBody)
    {
        chatBody = body;
        return null;
    }

    private protected override IActionResult Whole(Completion completion, AnswerFacts facts) =>
        GatewayResults.Json(new ChatCompletionResponse(
            IdOf(facts),
            "chat.completion",
            facts.Created,
            completion.Model,
            ChoicesOf(completion),
            OpenAiUsage.From(completion.Usage),
            facts.DecisionsOf(completion)));

    private protected override AnswerEvents Events(string model, AnswerFacts facts, bool includeUsage) =>
        new ChatCompletionEventWriter(Response, IdOf(facts), model, facts, includeUsage);

    private static string IdOf(AnswerFacts facts) => $"chatcmpl-{facts.RequestId}";

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
}
