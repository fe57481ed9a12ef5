using System.ComponentModel;
using System.Text.Json.Serialization;

namespace LlmGateway.Api.Contracts;

public sealed record LoginRequest(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("password"), Description("Required unless INSECURE_DEV_LOGIN is on.")] string? Password,
    [property: JsonPropertyName("role"), Description("Honoured only by INSECURE_DEV_LOGIN: 'user' or 'admin'.")] string? Role = null)
{
    public override string ToString() => $"LoginRequest {{ UserId = {UserId} }}";
}

public sealed record LoginResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in"), Description("Seconds until the token expires.")] int ExpiresIn,
    [property: JsonPropertyName("role")] string Role);

public sealed record CreateUserRequest(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("password"), Description("At least 12 characters.")] string Password,
    [property: JsonPropertyName("role"), Description("'user' (default) or 'admin'.")] string? Role = null)
{
    public override string ToString() => $"CreateUserRequest {{ UserId = {UserId}, Role = {Role} }}";
}

public sealed record UserResponse(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);
