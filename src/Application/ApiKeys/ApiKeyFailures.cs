using LlmGateway.Application.Teams;

namespace LlmGateway.Application.ApiKeys;

/// <summary>The expected failures of the API key admin commands, and their log events (ids 1311–1319).</summary>
internal static partial class ApiKeyFailures
{
    public static GatewayFailure UnknownKey() => new(GatewayError.NotFound, "There is no API key with this id.");

    public static GatewayFailure UnknownUser() =>
        new(GatewayError.NotFound, "There is no user with this user_id; create the user (POST /admin/users) first.");

    public static GatewayFailure AdminKeyForAdmins() => new(GatewayError.Forbidden, "Only an admin can mint or change an API key with the admin role.");

    /// <summary>The key, or null when there is none or it belongs to a team the caller does not manage (no id leaks across teams).</summary>
    public static async ValueTask<ApiKeyRecord?> FindInScopeAsync(IApiKeyStore keys, Caller caller, string keyId, CancellationToken cancellationToken) =>
        ApiKeyFormat.IsValidId(keyId) && await keys.FindAsync(keyId, cancellationToken) is { } record && caller.Covers(record.TeamId) ? record : null;

    /// <summary>
    /// Why <paramref name="caller"/> may not change the key: there is none in its scope (<see cref="UnknownKey"/>), or it can
    /// act as an admin and the caller is a team admin; null when the caller may.
    /// </summary>
    public static async ValueTask<GatewayFailure?> RefusedChangeAsync(IApiKeyStore keys, Caller caller, string keyId, CancellationToken cancellationToken) =>
        await FindInScopeAsync(keys, caller, keyId, cancellationToken) is not { } found ? UnknownKey()
        : caller.Role != Role.Admin && found.Role == Role.Admin ? AdminKeyForAdmins()
        : null;

    public static GatewayFailure RoleAboveUser(Role userRole) =>
        GatewayFailure.InvalidField("role", $"role must not exceed the user's own role ('{userRole.ToName()}').");

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "API key {KeyId:l} created for {UserId:l} with role {Role:l} by {AdminUserId:l}")]
    public static partial void LogCreated(ILogger logger, string keyId, string userId, string role, string adminUserId);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Information, Message = "API key {KeyId:l} revoked by {AdminUserId:l}")]
    public static partial void LogRevoked(ILogger logger, string keyId, string adminUserId);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Information, Message = "API key {KeyId:l} rotated by {AdminUserId:l}; the old secret stays valid for {GraceSeconds} s")]
    public static partial void LogRotated(ILogger logger, string keyId, int graceSeconds, string adminUserId);
}
