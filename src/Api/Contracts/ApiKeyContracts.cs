using System.ComponentModel;
using System.Text.Json.Serialization;

namespace LlmGateway.Api.Contracts;

public sealed record CreateApiKeyRequest(
    [property: JsonPropertyName("user_id"), Description("An existing user; requests made with the key run as this user (rate limit included).")] string UserId,
    [property: JsonPropertyName("name"), Description("Which service uses the key, 1 to 100 characters.")] string Name,
    [property: JsonPropertyName("role"), Description("'user' or 'admin', at most the user's own role; default: the user's role.")] string? Role = null);

/// <summary>The one answer that ever carries the key.</summary>
public sealed record CreatedApiKeyResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key"), Description("The key: send it as Authorization: Bearer <key>. Shown only in this answer; the gateway keeps just a hash.")] string Key,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("created_by")] string CreatedBy,
    [property: JsonPropertyName("last_four"), Description("The key's last four characters, as the listing shows them.")] string LastFour)
{
    public override string ToString() => $"CreatedApiKeyResponse {{ Id = {Id}, UserId = {UserId} }}";
}

/// <summary>A key as the listing shows it: everything but the key.</summary>
public sealed record ApiKeyResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("created_by")] string CreatedBy,
    [property: JsonPropertyName("last_four"), Description("The key's last four characters, to tell keys apart.")] string LastFour,
    [property: JsonPropertyName("revoked")] bool Revoked,
    [property: JsonPropertyName("revoked_at"), Description("Set once revoked.")] DateTimeOffset? RevokedAt,
    [property: JsonPropertyName("revoked_by"), Description("Set once revoked.")] string? RevokedBy);

public sealed record ApiKeyListResponse(
    [property: JsonPropertyName("keys"), Description("Newest first, revoked keys included.")] IReadOnlyList<ApiKeyResponse> Keys);
