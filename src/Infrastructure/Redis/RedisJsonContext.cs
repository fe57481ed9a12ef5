using System.Text.Json.Serialization;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>Source-generated serialization of everything the gateway stores in Redis.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Completion))]
[JsonSerializable(typeof(UserAccount))]
[JsonSerializable(typeof(ApiKeyRecord))]
[JsonSerializable(typeof(StoredPolicyVersion))]
[JsonSerializable(typeof(PolicyVersionBody))]
[JsonSerializable(typeof(Team))]
[JsonSerializable(typeof(StoredOverlayVersion))]
[JsonSerializable(typeof(OverlayVersionBody))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;

/// <summary>A policy version as stored: the publish script writes <c>version</c> in front of a <see cref="PolicyVersionBody"/>.</summary>
internal sealed record StoredPolicyVersion(long Version, PolicyDocument Document, string UpdatedBy, DateTimeOffset UpdatedAt) : IStoredVersion;

internal sealed record PolicyVersionBody(PolicyDocument Document, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>A team overlay version as stored: the publish script writes <c>version</c> in front of an <see cref="OverlayVersionBody"/>.</summary>
internal sealed record StoredOverlayVersion(long Version, System.Text.Json.JsonElement Overlay, string UpdatedBy, DateTimeOffset UpdatedAt) : IStoredVersion;

internal sealed record OverlayVersionBody(System.Text.Json.JsonElement Overlay, string UpdatedBy, DateTimeOffset UpdatedAt);
