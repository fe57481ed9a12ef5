using System.Text.Json;
using LlmGateway.Application.Common;

namespace LlmGateway.Api.Http;

/// <summary>
/// The Response objects of one <c>/v1/responses</c> request, built from the filtered chat answer: the output message
/// (<c>output_text</c>, or <c>refusal</c>) first, then one <c>function_call</c> item per tool call; the request's parameters
/// echoed as OpenAI echoes them. Item ids derive from the response id, so a stream's events and its final object agree.
/// </summary>
internal sealed class ResponseObjects(AnswerFacts facts, ResponsesEcho echo)
{
    private static readonly JsonElement DefaultText = JsonElement.Parse("""{"format":{"type":"text"}}""");
    private static readonly JsonElement DefaultToolChoice = JsonElement.Parse("\"auto\"");
    private static readonly JsonElement NoTools = JsonElement.Parse("[]");
    private static readonly JsonElement NoMetadata = JsonElement.Parse("{}");

    public string Id { get; } = $"resp_{facts.RequestId}";

    public string MessageId { get; } = $"msg_{facts.RequestId}";

    public string CallItemId(int toolCall) => $"fc_{facts.RequestId}_{toolCall}";

    public ResponseObject InProgress(string model) => Build("in_progress", model, [], error: null, incomplete: null, usage: null, gateway: null);

    public ResponseObject Failed(string model, GatewayFailure failure) =>
        Build("failed", model, [], new ResponseErrorBody(GatewayHttp.Code(failure.Code), failure.Detail), incomplete: null, usage: null, gateway: null);

    public ResponseObject Of(Completion completion)
    {
        string? content;
        string? refusal = null;
        IReadOnlyList<ToolCall>? calls = null;
        string finishReason;
        if (completion.Choices is { Count: > 0 } choices)
        {
            content = choices[0].Content;
            refusal = choices[0].Refusal;
            calls = choices[0].ToolCalls;
            finishReason = choices[0].FinishReason;
        }
        else
        {
            content = completion.Text;
            finishReason = completion.FinishReason;
        }

        var output = new List<ResponseOutputItem>(1 + (calls?.Count ?? 0));
        if (!string.IsNullOrEmpty(content) || refusal is not null || calls is not { Count: > 0 })
        {
            var parts = new List<ResponseContentPart>(2);
            if (!string.IsNullOrEmpty(content) || refusal is null)
            {
                parts.Add(OutputText(content ?? string.Empty));
            }

            if (refusal is not null)
            {
                parts.Add(new ResponseContentPart("refusal", Refusal: refusal));
            }

            output.Add(Message("completed", parts));
        }

        for (var i = 0; i < (calls?.Count ?? 0); i++)
        {
            output.Add(FunctionCall(i, calls![i].Id, calls[i].Name, calls[i].Arguments, "completed"));
        }

        var incomplete = finishReason switch
        {
            "length" => new ResponseIncompleteDetails("max_output_tokens"),
            "content_filter" => new ResponseIncompleteDetails("content_filter"),
            _ => null,
        };
        var usage = completion.Usage;
        return Build(
            incomplete is null ? "completed" : "incomplete",
            completion.Model,
            output,
            error: null,
            incomplete,
            new ResponseUsage(usage.PromptTokens, new ResponseInputTokensDetails(usage.CachedPromptTokens), usage.CompletionTokens, new ResponseOutputTokensDetails(0), usage.TotalTokens),
            facts.DecisionsOf(completion));
    }

    public ResponseOutputItem Message(string status, IReadOnlyList<ResponseContentPart> content) => new("message", MessageId, status, "assistant", content);

    public ResponseOutputItem FunctionCall(int toolCall, string callId, string name, string arguments, string status) =>
        new("function_call", CallItemId(toolCall), status, CallId: callId, Name: name, Arguments: arguments);

    public static ResponseContentPart OutputText(string text) => new("output_text", text, Annotations: []);

    private ResponseObject Build(
        string status,
        string model,
        IReadOnlyList<ResponseOutputItem> output,
        ResponseErrorBody? error,
        ResponseIncompleteDetails? incomplete,
        ResponseUsage? usage,
        GatewayDecisions? gateway) => new(
        Id,
        "response",
        facts.Created,
        status,
        error,
        incomplete,
        echo.Instructions,
        echo.MaxOutputTokens,
        model,
        output,
        echo.ParallelToolCalls,
        PreviousResponseId: null,
        Store: false,
        echo.Temperature,
        echo.TopP,
        echo.ToolChoice ?? DefaultToolChoice,
        echo.Tools ?? NoTools,
        echo.Text ?? DefaultText,
        echo.Metadata ?? NoMetadata,
        usage,
        echo.User,
        gateway);
}
