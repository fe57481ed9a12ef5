using LlmGateway.Application.Teams;

namespace LlmGateway.Application.Users;

/// <summary>The expected failures of the user commands, and their log events (ids 1102–1119).</summary>
internal static partial class UserFailures
{
    public static GatewayFailure UnknownUser() => new(GatewayError.NotFound, "There is no user with this user_id.");

    public static GatewayFailure OwnAccount() =>
        new(GatewayError.Conflict, "No one can demote, disable, move or delete their own account; ask an admin.");

    public static GatewayFailure AdminOnlyForAdmins() => new(GatewayError.Forbidden, "Only an admin can grant the admin role or change an admin's account.");

    public static GatewayFailure OwnTeamOnly() => new(GatewayError.Forbidden, "A team admin manages users in its own team only; it cannot move users to another team.");

    public static GatewayFailure UnknownTeam() =>
        GatewayFailure.InvalidField("team_id", "There is no team with this team_id; create it first (POST /admin/teams).");

    /// <summary>
    /// Whether <paramref name="caller"/> may change <paramref name="account"/> to <paramref name="role"/> in
    /// <paramref name="teamId"/>: an admin may; a team admin only within its own team and never to or from admin.
    /// </summary>
    public static GatewayFailure? RefusedToTeamAdmin(Caller caller, UserAccount? account, Role? role, string? teamId)
    {
        if (caller.Role == Role.Admin)
        {
            return null;
        }

        if (role == Role.Admin || account?.Role == Role.Admin)
        {
            return AdminOnlyForAdmins();
        }

        return teamId is not null && !caller.Covers(teamId) ? OwnTeamOnly() : null;
    }

    public static GatewayFailure WrongCurrentPassword() => new(GatewayError.Forbidden, "current_password is not the account's password.");

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "User {UserId:l} changed by {AdminUserId:l}: role {Role:l}, team {TeamId:l}, disabled {Disabled}, tokens ended {StampChanged}")]
    public static partial void LogUpdated(ILogger logger, string userId, string adminUserId, string role, string teamId, bool disabled, bool stampChanged);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "User {UserId:l} deleted by {AdminUserId:l}; {RevokedKeys} API keys revoked")]
    public static partial void LogDeleted(ILogger logger, string userId, string adminUserId, int revokedKeys);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Password of {UserId:l} reset by {AdminUserId:l}; its tokens are ended")]
    public static partial void LogPasswordReset(ILogger logger, string userId, string adminUserId);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Password of {UserId:l} changed by its user; its earlier tokens are ended")]
    public static partial void LogPasswordChanged(ILogger logger, string userId);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Password change of {UserId:l} refused: {Reason:l}")]
    public static partial void LogPasswordChangeRefused(ILogger logger, string userId, string reason);
}
