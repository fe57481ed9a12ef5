namespace LlmGateway.Application.Policies;

/// <summary>The expected failures of the policy admin commands, and their log events (ids 1201–1209).</summary>
internal static partial class PolicyFailures
{
    /// <summary>The query parameter that confirms a change switching a protection off.</summary>
    public const string ConfirmProtectionOff = "confirm=protection_off";

    public static GatewayFailure Stale(long liveVersion, PolicyPrecondition ifMatch) => ifMatch.Versions switch
    {
        null => new(GatewayError.PreconditionFailed, $"The live policy became version {liveVersion} while this change was applied; send it again."),
        [] => new(GatewayError.PreconditionFailed, $"The live policy is version {liveVersion}; If-Match names no version (a weak or unknown entity tag never matches). "
            + "Fetch the live policy and send its ETag."),
        _ => new(GatewayError.PreconditionFailed, $"The live policy is version {liveVersion}, not version {string.Join(" or ", ifMatch.Versions)} as the request expected (If-Match). "
            + "Fetch the live policy and apply the change to it."),
    };

    public static GatewayFailure UnknownVersion(long version) =>
        new(GatewayError.NotFound, $"Policy version {version} does not exist or is no longer kept in the history.");

    public static GatewayFailure ProtectionOffUnconfirmed(IReadOnlyDictionary<string, string[]> changes) =>
        new(GatewayError.ValidationFailed, $"This change switches protection off (see errors). If that is intended, send it again with ?{ConfirmProtectionOff}.")
        {
            Errors = changes,
        };

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Policy v{NewVersion} published by {AdminUserId:l} (was v{OldVersion})")]
    public static partial void LogPublished(ILogger logger, long newVersion, string adminUserId, long oldVersion);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information,
        Message = "Policy v{NewVersion} published by {AdminUserId:l} as a rollback to the document of v{SourceVersion} (was v{OldVersion})")]
    public static partial void LogRolledBack(ILogger logger, long newVersion, string adminUserId, long sourceVersion, long oldVersion);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information,
        Message = "Policy change by {AdminUserId:l} refused: If-Match named {ExpectedVersions:l} but v{LiveVersion} is live")]
    public static partial void LogStale(ILogger logger, string adminUserId, string expectedVersions, long liveVersion);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning,
        Message = "Policy v{NewVersion} published by {AdminUserId:l} switches protection off: {ProtectionFields:l} (was v{OldVersion}; confirmed by the request)")]
    public static partial void LogProtectionOff(ILogger logger, long newVersion, string adminUserId, string protectionFields, long oldVersion);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Team {TeamId:l}: policy overlay v{NewVersion} published by {AdminUserId:l} (was v{OldVersion})")]
    public static partial void LogOverlayPublished(ILogger logger, string teamId, long newVersion, string adminUserId, long oldVersion);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning,
        Message = "Team {TeamId:l}: policy overlay v{NewVersion} published by {AdminUserId:l} switches protection off: {ProtectionFields:l} (was v{OldVersion}; confirmed by the request)")]
    public static partial void LogOverlayProtectionOff(ILogger logger, string teamId, long newVersion, string adminUserId, string protectionFields, long oldVersion);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information,
        Message = "Policy change by {AdminUserId:l} refused: it switches protection off ({ProtectionFields:l}) without confirmation")]
    public static partial void LogProtectionOffRefused(ILogger logger, string adminUserId, string protectionFields);
}
