using System.ComponentModel;
using System.Text.Json.Serialization;

namespace LlmGateway.Api.Contracts;

public sealed record LoginRequest(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("password"), Description("Required unless INSECURE_DEV_LOGIN is on.")] string? Password,
    [property: JsonPropertyName("role"), Description("Honoured only by INSECURE_DEV_LOGIN: 'user', 'team_admin' or 'admin'.")] string? Role = null)
{
    public override string ToString() => $"LoginRequest {{ UserId = {UserId} }}";
}

public sealed record SsoSettingsResponse(
    [property: JsonPropertyName("issuer"), Description("The OpenID Connect issuer.")] string Issuer,
    [property: JsonPropertyName("client_id"), Description("The console's client id at the issuer: a public client, authorization code with PKCE (S256).")] string ClientId,
    [property: JsonPropertyName("scope"), Description("The scopes to ask for: they get an access token the gateway accepts.")] string Scope,
    [property: JsonPropertyName("authorization_endpoint"), Description("Where the browser signs in, from the issuer's discovery document.")] Uri AuthorizationEndpoint,
    [property: JsonPropertyName("token_endpoint"), Description("Where the console redeems its code, from the issuer's discovery document.")] Uri TokenEndpoint);

public sealed record CallerResponse(
    [property: JsonPropertyName("user_id"), Description("A local account's id, or sso:<sub> for a single sign-on user.")] string UserId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("team_id")] string TeamId);

public sealed record LoginResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in"), Description("Seconds until the token expires.")] int ExpiresIn,
    [property: JsonPropertyName("role")] string Role);

public sealed record CreateUserRequest(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("password"), Description("At least 12 characters.")] string Password,
    [property: JsonPropertyName("role"), Description("'user' (default), 'team_admin' or 'admin'. A team admin may grant 'user' or 'team_admin'.")] string? Role = null,
    [property: JsonPropertyName("team_id"), Description("An existing team; default: the caller's team for a team admin (the only one it may name), 'default' for an admin.")] string? TeamId = null)
{
    public override string ToString() => $"CreateUserRequest {{ UserId = {UserId}, Role = {Role}, TeamId = {TeamId} }}";
}

public sealed record UserResponse(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("disabled"), Description("A disabled user cannot log in; its tokens and API keys are refused.")] bool Disabled,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at"), Description("The last change of role, team, disabled or password; absent if none.")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("team_id"), Description("The team the user and its API keys belong to.")] string TeamId);

public sealed record UserListResponse(
    [property: JsonPropertyName("users"), Description("In user_id order (ordinal).")] IReadOnlyList<UserResponse> Users,
    [property: JsonPropertyName("next_after"), Description("Pass as ?after= for the next page; absent on the last page.")] string? NextAfter);

/// <summary>PATCH /admin/users/{id}: fields left out stay as they are.</summary>
public sealed record UpdateUserRequest(
    [property: JsonPropertyName("role"), Description("'user', 'team_admin' or 'admin'. A demotion ends the user's tokens; its API keys are capped to the new role.")] string? Role = null,
    [property: JsonPropertyName("disabled"), Description("true: the user cannot log in, and its tokens and API keys are refused; false: enabled again (old tokens stay refused).")] bool? Disabled = null,
    [property: JsonPropertyName("team_id"), Description("Move the user (and its API keys) to this existing team: its tokens end (admin only).")] string? TeamId = null);

public sealed record ResetPasswordRequest(
    [property: JsonPropertyName("new_password"), Description("At least 12 characters.")] string NewPassword)
{
    public override string ToString() => "ResetPasswordRequest";
}

public sealed record ChangePasswordRequest(
    [property: JsonPropertyName("current_password")] string CurrentPassword,
    [property: JsonPropertyName("new_password"), Description("At least 12 characters.")] string NewPassword)
{
    public override string ToString() => "ChangePasswordRequest";
}
