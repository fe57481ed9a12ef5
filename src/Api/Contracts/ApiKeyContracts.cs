using System.ComponentModel;
using System.Text.Json.Serialization;
using LlmGateway.Domain.Spend;

namespace LlmGateway.Api.Contracts;

public sealed record CreateApiKeyRequest(
    [property: JsonPropertyName("user_id"), Description("An existing user; requests made with the key run as this user (rate limit included).")] string UserId,
    [property: JsonPropertyName("name"), Description("Which service uses the key, 1 to 100 characters.")] string Name,
    [property: JsonPropertyName("role"), Description("'user', 'team_admin' or 'admin', at most the user's own role; default: the user's role.")] string? Role = null,
    [property: JsonPropertyName("models"), Description("The only models the key may ask for (1 to 32 exact names); default: any the policy allows. Another model is refused with 403.")] IReadOnlyList<string>? Models = null,
    [property: JsonPropertyName("expires_at"), Description("When the key stops working (RFC 3339, in the future); default: never.")] DateTimeOffset? ExpiresAt = null,
    [property: JsonPropertyName("metadata"), Description("Your own labels: at most 16 entries, keys 1 to 64 of a-z A-Z 0-9 _ . -, values at most 256 characters.")] IReadOnlyDictionary<string, string>? Metadata = null,
    [property: JsonPropertyName("rpm_limit"), Description("Requests per minute with this key, in place of the policy's per-user request limit; default: the policy's.")] int? RpmLimit = null,
    [property: JsonPropertyName("tpm_limit"), Description("Tokens per minute with this key (prompt plus max_tokens reserved before the call, corrected to the reported usage after); default: none. The user's and team's token limits apply too.")] int? TpmLimit = null,
    [property: JsonPropertyName("budget"), Description("What the key may spend per UTC day or month at the configured prices; a request that could go over it is refused with 429 budget_exceeded. Default: none.")] BudgetBody? Budget = null);

/// <summary>A key's budget as the API writes it.</summary>
public sealed record BudgetBody(
    [property: JsonPropertyName("amount_usd"), Description("US dollars per period, more than 0, at most 6 decimals.")] decimal AmountUsd,
    [property: JsonPropertyName("period"), Description("'day' or 'month' (UTC calendar); default month.")] BudgetPeriod Period = BudgetPeriod.Month)
{
    public KeyBudget ToBudget() => new(AmountUsd, Period);

    public static BudgetBody? From(KeyBudget? budget) => budget is null ? null : new(budget.AmountUsd, budget.Period);
}

/// <summary>The one answer that ever carries the key.</summary>
public sealed record CreatedApiKeyResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key"), Description("The key: send it as Authorization: Bearer <key>. Shown only in this answer; the gateway keeps just a hash.")] string Key,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("created_by")] string CreatedBy,
    [property: JsonPropertyName("last_four"), Description("The key's last four characters, as the listing shows them.")] string LastFour,
    [property: JsonPropertyName("models")] IReadOnlyList<string>? Models,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string>? Metadata,
    [property: JsonPropertyName("team_id"), Description("The key's user's team; the key follows the user if it moves.")] string TeamId,
    [property: JsonPropertyName("rpm_limit")] int? RpmLimit,
    [property: JsonPropertyName("tpm_limit")] int? TpmLimit,
    [property: JsonPropertyName("budget")] BudgetBody? Budget)
{
    public override string ToString() => $"CreatedApiKeyResponse {{ Id = {Id}, UserId = {UserId} }}";
}

public sealed record RotateApiKeyRequest(
    [property: JsonPropertyName("grace_period_seconds"), Description("How long the old secret keeps working: 0 ends it at once; default API_KEY_ROTATION_GRACE_SECONDS (86400), at most API_KEY_ROTATION_MAX_GRACE_SECONDS (604800).")] int? GracePeriodSeconds = null);

/// <summary>The one answer that ever carries the rotated key's new secret.</summary>
public sealed record RotatedApiKeyResponse(
    [property: JsonPropertyName("id"), Description("Unchanged by the rotation.")] string Id,
    [property: JsonPropertyName("key"), Description("The key with its new secret; shown only in this answer.")] string Key,
    [property: JsonPropertyName("last_four")] string LastFour,
    [property: JsonPropertyName("rotated_at")] DateTimeOffset RotatedAt,
    [property: JsonPropertyName("previous_key_expires_at"), Description("Until when the old key keeps working; absent when it stopped at once (grace 0).")] DateTimeOffset? PreviousKeyExpiresAt)
{
    public override string ToString() => $"RotatedApiKeyResponse {{ Id = {Id} }}";
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
    [property: JsonPropertyName("revoked_by"), Description("Set once revoked.")] string? RevokedBy,
    [property: JsonPropertyName("models"), Description("The only models the key may use; absent: any the policy allows.")] IReadOnlyList<string>? Models,
    [property: JsonPropertyName("expires_at"), Description("When the key stops working; absent: never.")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("expired")] bool Expired,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string>? Metadata,
    [property: JsonPropertyName("last_used_at"), Description("The last accepted request with the key, to within a minute; absent if never used.")] DateTimeOffset? LastUsedAt,
    [property: JsonPropertyName("rotated_at"), Description("The last rotation; absent if never rotated.")] DateTimeOffset? RotatedAt,
    [property: JsonPropertyName("previous_key_expires_at"), Description("After a rotation: until when the old secret keeps working.")] DateTimeOffset? PreviousKeyExpiresAt,
    [property: JsonPropertyName("team_id"), Description("The key's user's team.")] string TeamId,
    [property: JsonPropertyName("rpm_limit"), Description("The key's own requests per minute; absent: the policy's per-user limit.")] int? RpmLimit,
    [property: JsonPropertyName("tpm_limit"), Description("The key's own tokens per minute; absent: none.")] int? TpmLimit,
    [property: JsonPropertyName("budget"), Description("What the key may spend per period; absent: no budget.")] BudgetBody? Budget);

public sealed record ApiKeyListResponse(
    [property: JsonPropertyName("keys"), Description("Newest first, revoked keys included.")] IReadOnlyList<ApiKeyResponse> Keys);
