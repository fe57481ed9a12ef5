using System.Text.Json.Serialization;

namespace LlmGateway.Api.Contracts;

public sealed record HealthResponse([property: JsonPropertyName("status")] string Status);

public sealed record ReadinessResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("checks")] IReadOnlyDictionary<string, ReadinessCheck> Checks);

public sealed record ReadinessCheck(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("description")] string? Description);
