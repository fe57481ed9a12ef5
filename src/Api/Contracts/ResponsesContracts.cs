using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmGateway.Api.Contracts;

// OpenAI's Responses API wire shapes, so the official SDKs' Responses clients work unchanged.

/// <summary>
/// The request as the OpenAPI document shows it. Not bound: the gateway translates it into a chat completion (docs/api.md)
/// and refuses, naming the param, what it cannot honour.
/// </summary>
public sealed record ResponsesRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("input"), Required, Description("A string, or items: message (input_text, input_image, input_file, input_audio parts; output_text and refusal for assistant), function_call, function_call_output (inspected as input), reasoning (left out).")] JsonElement? Input,
    [property: JsonPropertyName("instructions"), Description("Sent as the first, system message.")] string? Instructions = null,
    [property: JsonPropertyName("tools"), Description("Function tools only; any other type (web_search, file_search, code_interpreter, mcp...) is a 400 naming tools[i].type.")] JsonElement? Tools = null,
    [property: JsonPropertyName("tool_choice"), Description("auto, none, required or {\"type\": \"function\", \"name\"}.")] JsonElement? ToolChoice = null,
    [property: JsonPropertyName("parallel_tool_calls")] bool? ParallelToolCalls = null,
    [property: JsonPropertyName("text"), Description("format: text, json_object or json_schema (filtered inside its JSON strings, so it stays valid JSON); verbosity.")] JsonElement? Text = null,
    [property: JsonPropertyName("max_output_tokens")] int? MaxOutputTokens = null,
    [property: JsonPropertyName("temperature")] double? Temperature = null,
    [property: JsonPropertyName("top_p")] double? TopP = null,
    [property: JsonPropertyName("reasoning"), Description("effort is forwarded as reasoning_effort.")] JsonElement? Reasoning = null,
    [property: JsonPropertyName("stream"), Description("true → text/event-stream of Responses events.")] bool? Stream = null,
    [property: JsonPropertyName("user")] string? User = null,
    [property: JsonPropertyName("metadata"), Description("Echoed on the response; not sent to the model.")] JsonElement? Metadata = null,
    [property: JsonPropertyName("store"), Description("Accepted; nothing is ever stored (the response says store: false).")] bool? Store = null,
    [property: JsonPropertyName("previous_response_id"), Description("Refused (400 naming it): the gateway stores no responses; send the conversation in input.")] string? PreviousResponseId = null,
    [property: JsonPropertyName("background"), Description("true is refused (400 naming it).")] bool? Background = null);

/// <summary>OpenAI's Response object.</summary>
public sealed record ResponseObject(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    [property: JsonPropertyName("status"), Description("in_progress (first stream events), completed, incomplete (max_output_tokens, content_filter) or failed.")] string Status,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] ResponseErrorBody? Error,
    [property: JsonPropertyName("incomplete_details"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] ResponseIncompleteDetails? IncompleteDetails,
    [property: JsonPropertyName("instructions"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Instructions,
    [property: JsonPropertyName("max_output_tokens")] int? MaxOutputTokens,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("output")] IReadOnlyList<ResponseOutputItem> Output,
    [property: JsonPropertyName("parallel_tool_calls")] bool ParallelToolCalls,
    [property: JsonPropertyName("previous_response_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PreviousResponseId,
    [property: JsonPropertyName("store")] bool Store,
    [property: JsonPropertyName("temperature")] double? Temperature,
    [property: JsonPropertyName("top_p")] double? TopP,
    [property: JsonPropertyName("tool_choice")] JsonElement? ToolChoice,
    [property: JsonPropertyName("tools")] JsonElement? Tools,
    [property: JsonPropertyName("text")] JsonElement? Text,
    [property: JsonPropertyName("metadata")] JsonElement? Metadata,
    [property: JsonPropertyName("usage")] ResponseUsage? Usage,
    [property: JsonPropertyName("user")] string? User,
    [property: JsonPropertyName("gateway"), Description("What the gateway decided; OpenAI clients ignore it.")] GatewayDecisions? Gateway);

/// <summary>A message (<c>type: message</c>, with content parts) or a function call (<c>type: function_call</c>).</summary>
public sealed record ResponseOutputItem(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("role")] string? Role = null,
    [property: JsonPropertyName("content")] IReadOnlyList<ResponseContentPart>? Content = null,
    [property: JsonPropertyName("call_id")] string? CallId = null,
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("arguments"), Description("The JSON text the model wrote, filtered inside its strings.")] string? Arguments = null);

/// <summary><c>output_text</c> (with <c>text</c> and <c>annotations</c>) or <c>refusal</c>.</summary>
public sealed record ResponseContentPart(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("text")] string? Text = null,
    [property: JsonPropertyName("annotations")] IReadOnlyList<JsonElement>? Annotations = null,
    [property: JsonPropertyName("refusal")] string? Refusal = null);

public sealed record ResponseUsage(
    [property: JsonPropertyName("input_tokens")] int InputTokens,
    [property: JsonPropertyName("input_tokens_details")] ResponseInputTokensDetails InputTokensDetails,
    [property: JsonPropertyName("output_tokens")] int OutputTokens,
    [property: JsonPropertyName("output_tokens_details")] ResponseOutputTokensDetails OutputTokensDetails,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);

public sealed record ResponseInputTokensDetails([property: JsonPropertyName("cached_tokens")] int CachedTokens);

public sealed record ResponseOutputTokensDetails([property: JsonPropertyName("reasoning_tokens")] int ReasoningTokens);

public sealed record ResponseIncompleteDetails([property: JsonPropertyName("reason")] string Reason);

public sealed record ResponseErrorBody(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);
