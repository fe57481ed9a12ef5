namespace LlmGateway.Application.Users;

/// <summary>The expected failures of the user commands, and their log events (ids 1102–1119).</summary>
internal static partial class UserFailures
{
    public static GatewayFailure UnknownUser() => new(GatewayError.NotFound, "There is no user with this user_id.");

    public static GatewayFailure OwnAccount() =>
        new(GatewayError.Conflict, "An admin cannot demote, disable or delete their own account; ask another admin.");

    public static GatewayFailure WrongCurrentPassword() => new(GatewayError.Forbidden, "current_password is not the account's password.");

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "User {UserId:l} changed by {AdminUserId:l}: role {Role:l}, disabled {Disabled}, tokens ended {StampChanged}")]
    public static partial void LogUpdated(ILogger logger, string userId, string adminUserId, string role, bool disabled, bool stampChanged);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "User {UserId:l} deleted by {AdminUserId:l}; {RevokedKeys} API keys revoked")]
    public static partial void LogDeleted(ILogger logger, string userId, string adminUserId, int revokedKeys);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Password of {UserId:l} reset by {AdminUserId:l}; its tokens are ended")]
    public static partial void LogPasswordReset(ILogger logger, string userId, string adminUserId);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Password of {UserId:l} changed by its user; its earlier tokens are ended")]
    public static partial void LogPasswordChanged(ILogger logger, string userId);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Password change of {UserId:l} refused: {Reason:l}")]
    public static partial void LogPasswordChangeRefused(ILogger logger, string userId, string reason);
}
