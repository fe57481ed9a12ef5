using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmGateway.Api.Contracts;

// OpenAI's chat-completions wire shapes (the subset the gateway serves), so the official SDKs work unchanged.

public sealed record ChatCompletionsRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("messages"), Required] IReadOnlyList<ChatMessageRequest?>? Messages,
    [property: JsonPropertyName("max_tokens"), Description("Deprecated by OpenAI in favour of max_completion_tokens; either is accepted.")] int? MaxTokens = null,
    [property: JsonPropertyName("max_completion_tokens")] int? MaxCompletionTokens = null,
    [property: JsonPropertyName("temperature")] double? Temperature = null,
    [property: JsonPropertyName("top_p")] double? TopP = null,
    [property: JsonPropertyName("stop"), Description("A string or up to four strings.")] JsonElement? Stop = null,
    [property: JsonPropertyName("user")] string? User = null,
    [property: JsonPropertyName("stream")] bool? Stream = null,
    [property: JsonPropertyName("stream_options")] StreamOptionsRequest? StreamOptions = null,
    [property: JsonPropertyName("n"), Description("Only 1 is supported.")] int? N = null,
    [property: JsonPropertyName("tools"), Description("Not supported: a request with tools is refused.")] JsonElement? Tools = null,
    [property: JsonPropertyName("functions"), Description("Not supported: a request with functions is refused.")] JsonElement? Functions = null,
    [property: JsonPropertyName("response_format"), Description("Only {\"type\":\"text\"} is supported.")] JsonElement? ResponseFormat = null);

public sealed record ChatMessageRequest(
    [property: JsonPropertyName("role"), Required, Description("system, developer, user or assistant.")] string? Role,
    [property: JsonPropertyName("content"), Description("A string, or an array of {\"type\":\"text\",\"text\":...} parts.")] JsonElement? Content,
    [property: JsonPropertyName("name")] string? Name = null);

public sealed record StreamOptionsRequest(
    [property: JsonPropertyName("include_usage")] bool? IncludeUsage);

public sealed record ChatCompletionResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChatChoiceResponse> Choices,
    [property: JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OpenAiUsage? Usage,
    [property: JsonPropertyName("gateway"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("What the gateway decided; OpenAI clients ignore it.")] GatewayDecisions? Gateway);

public sealed record ChatChoiceResponse(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AssistantMessageResponse? Message,
    [property: JsonPropertyName("delta"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AssistantMessageResponse? Delta,
    [property: JsonPropertyName("finish_reason")] string? FinishReason);

public sealed record AssistantMessageResponse(
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("content")] string? Content);

public sealed record OpenAiUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);

public sealed record GatewayDecisions(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("cached")] bool Cached,
    [property: JsonPropertyName("fallback")] bool Fallback,
    [property: JsonPropertyName("policy_version")] long PolicyVersion,
    [property: JsonPropertyName("usage_estimated")] bool UsageEstimated,
    [property: JsonPropertyName("redactions")] IReadOnlyList<RedactionResponse> Redactions);

public sealed record ModelListResponse(
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("data")] IReadOnlyList<ModelResponse> Data);

public sealed record ModelResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy);

/// <summary>OpenAI's error body: <c>{"error": {"message", "type", "param", "code"}}</c>; <c>code</c> is the gateway's error code.</summary>
public sealed record OpenAiErrorResponse(
    [property: JsonPropertyName("error")] OpenAiError Error);

public sealed record OpenAiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonPropertyName("code")] string Code);
