using System.Text.Json.Serialization;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Api.Contracts;

/// <summary>Source-generated serialization for every request and response body the gateway owns.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(CreatedApiKeyResponse))]
[JsonSerializable(typeof(ApiKeyResponse))]
[JsonSerializable(typeof(ApiKeyListResponse))]
[JsonSerializable(typeof(GenerateRequest))]
[JsonSerializable(typeof(GenerateResponse))]
[JsonSerializable(typeof(ChatCompletionsRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ModelListResponse))]
[JsonSerializable(typeof(OpenAiErrorResponse))]
[JsonSerializable(typeof(PolicyDocument))]
[JsonSerializable(typeof(PolicyVersionResponse))]
[JsonSerializable(typeof(PolicyHistoryResponse))]
[JsonSerializable(typeof(EvaluatePolicyRequest))]
[JsonSerializable(typeof(PolicyEvaluationResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string[]>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
