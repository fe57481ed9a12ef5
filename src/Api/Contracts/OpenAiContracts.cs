using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Api.Contracts;

// OpenAI's chat-completions wire shapes, so the official SDKs work unchanged.

/// <summary>
/// The request as the OpenAPI document shows it. The gateway does not bind it: it reads the fields it inspects from the body
/// and forwards every other field unchanged, so any field of OpenAI's schema (and any it adds) is accepted; the text of a
/// field it does not know is inspected as user input, and a request's own <c>chat_template</c> is refused.
/// </summary>
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
    [property: JsonPropertyName("n"), Description("Choices to generate (1 to 128); each is filtered, streamed by its index.")] int? N = null,
    [property: JsonPropertyName("tools"), Description("Forwarded unchanged; their names, descriptions and parameter names are inspected like a system message. The model's tool-call arguments are filtered inside their JSON strings.")] JsonElement? Tools = null,
    [property: JsonPropertyName("tool_choice"), Description("Forwarded unchanged.")] JsonElement? ToolChoice = null,
    [property: JsonPropertyName("parallel_tool_calls"), Description("Forwarded unchanged.")] bool? ParallelToolCalls = null,
    [property: JsonPropertyName("response_format"), Description("Forwarded unchanged (a json_schema's names and descriptions are inspected like a system message); with json_object or json_schema the answer is filtered inside its JSON strings, so it stays valid JSON.")] JsonElement? ResponseFormat = null,
    [property: JsonPropertyName("seed"), Description("Forwarded unchanged.")] long? Seed = null,
    [property: JsonPropertyName("logprobs"), Description("Forwarded unchanged; log probabilities are not relayed (they would carry unfiltered text).")] bool? Logprobs = null,
    [property: JsonPropertyName("reasoning_effort"), Description("Forwarded unchanged.")] string? ReasoningEffort = null,
    [property: JsonPropertyName("metadata"), Description("Forwarded unchanged; not part of the cache key.")] JsonElement? Metadata = null,
    [property: JsonPropertyName("store"), Description("Forwarded unchanged; not part of the cache key.")] bool? Store = null);

public sealed record ChatMessageRequest(
    [property: JsonPropertyName("role"), Required, Description("system, developer, user, assistant or tool (a tool result, inspected as user input).")] string? Role,
    [property: JsonPropertyName("content"), Description("A string, or an array of parts: text (inspected), image_url, input_audio, file (forwarded).")] JsonElement? Content,
    [property: JsonPropertyName("name"), Description("Inspected as part of the message, as is any field of a message the gateway does not know.")] string? Name = null);

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
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("refusal"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Refusal = null,
    [property: JsonPropertyName("tool_calls"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ToolCallResponse>? ToolCalls = null);

/// <summary>A function call the model asks for; <c>index</c> only in a streamed chunk, where a call's first piece has its id and name.</summary>
public sealed record ToolCallResponse(
    [property: JsonPropertyName("index"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index,
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    [property: JsonPropertyName("function")] FunctionCallResponse Function);

public sealed record FunctionCallResponse(
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonPropertyName("arguments"), Description("JSON text written by the model, filtered inside its strings.")] string Arguments);

public sealed record OpenAiUsage(
    [property: JsonPropertyName("prompt_tokens"), Description("Every input token, those served from the provider's prompt cache included.")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens,
    [property: JsonPropertyName("prompt_tokens_details")] PromptTokensDetails PromptTokensDetails = default)
{
    public static OpenAiUsage From(TokenUsage usage) =>
        new(usage.PromptTokens, usage.CompletionTokens, usage.TotalTokens, new PromptTokensDetails(usage.CachedPromptTokens));
}

/// <summary>Of the prompt tokens, those the provider read from its prompt cache (OpenAI's cached tokens, Anthropic's cache reads).</summary>
public readonly record struct PromptTokensDetails(
    [property: JsonPropertyName("cached_tokens")] int CachedTokens);

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

/// <summary>
/// OpenAI's embeddings request as the OpenAPI document shows it. Not bound: the gateway reads model, input, encoding_format,
/// dimensions and user, and forwards every other field unchanged.
/// </summary>
public sealed record EmbeddingsRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("input"), Required, Description("A string, an array of strings (each inspected and checked against blocked terms), or token arrays (accepted only when the policy checks no input text).")] JsonElement? Input,
    [property: JsonPropertyName("encoding_format"), Description("float (default) or base64 (little-endian float32).")] string? EncodingFormat = null,
    [property: JsonPropertyName("dimensions"), Description("Length of each vector, 1 to 4096, for models that support it.")] int? Dimensions = null,
    [property: JsonPropertyName("user")] string? User = null);

/// <summary>The provider's answer, relayed as it came.</summary>
public sealed record EmbeddingsResponse(
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("data")] IReadOnlyList<EmbeddingResponse> Data,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("usage")] EmbeddingUsage Usage);

public sealed record EmbeddingResponse(
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("embedding"), Description("An array of numbers, or a base64 string when encoding_format is base64.")] JsonElement Embedding);

public sealed record EmbeddingUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);
