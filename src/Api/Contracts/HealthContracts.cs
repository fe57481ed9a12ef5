using System.ComponentModel;
using System.Text.Json.Serialization;

namespace LlmGateway.Api.Contracts;

public sealed record HealthResponse([property: JsonPropertyName("status")] string Status);

public sealed record ReadinessResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("policy_version"), Description("The policy version this instance enforces right now (0: the built-in default, before the store answered).")] long PolicyVersion,
    [property: JsonPropertyName("checks")] IReadOnlyDictionary<string, ReadinessCheck> Checks);

public sealed record ReadinessCheck(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("description")] string? Description);
