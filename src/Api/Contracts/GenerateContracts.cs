using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.Api.Contracts;

public sealed record GenerateRequest(
    [property: JsonPropertyName("prompt"), Required] string? Prompt,
    [property: JsonPropertyName("max_tokens"), Description("1 to the caller's role maximum in the live policy; omitted → the gateway's default.")] int? MaxTokens = null);

public sealed record GenerateResponse(
    [property: JsonPropertyName("response")] string Response,
    [property: JsonPropertyName("provider"), Description("Which provider answered; \"local\" is the built-in offline provider.")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("cached")] bool Cached,
    [property: JsonPropertyName("policy_version")] long PolicyVersion,
    [property: JsonPropertyName("finish_reason")] string FinishReason,
    [property: JsonPropertyName("usage")] UsageResponse Usage,
    [property: JsonPropertyName("redactions")] IReadOnlyList<RedactionResponse> Redactions);

public sealed record UsageResponse(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens,
    [property: JsonPropertyName("estimated"), Description("True when the provider reported no usage and the gateway estimated it.")] bool Estimated);

public sealed record RedactionResponse(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("count")] int Count)
{
    public static RedactionResponse[] From(IReadOnlyList<Redaction> redactions)
    {
        var responses = new RedactionResponse[redactions.Count];
        for (var i = 0; i < responses.Length; i++)
        {
            responses[i] = new RedactionResponse(redactions[i].Type, redactions[i].Count);
        }

        return responses;
    }
}
