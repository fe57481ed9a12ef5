using System.Text.Json.Serialization;

namespace LlmGateway.Domain.Policies;

[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PolicyDocument))]
public sealed partial class PolicyJsonContext : JsonSerializerContext;
