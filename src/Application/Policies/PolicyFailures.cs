namespace LlmGateway.Application.Policies;

/// <summary>The expected failures of the policy admin commands, and their log events (ids 1201–1209).</summary>
internal static partial class PolicyFailures
{
    public static GatewayFailure Stale(long liveVersion, long? expectedVersion) =>
        new(GatewayError.PreconditionFailed, $"The live policy is version {liveVersion}, not version {expectedVersion} as the request expected (If-Match). "
            + "Fetch the live policy and apply the change to it.");

    public static GatewayFailure UnknownVersion(long version) =>
        new(GatewayError.NotFound, $"Policy version {version} does not exist or is no longer kept in the history.");

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Policy v{NewVersion} published by {AdminUserId:l} (was v{OldVersion})")]
    public static partial void LogPublished(ILogger logger, long newVersion, string adminUserId, long oldVersion);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information,
        Message = "Policy v{NewVersion} published by {AdminUserId:l} as a rollback to the document of v{SourceVersion} (was v{OldVersion})")]
    public static partial void LogRolledBack(ILogger logger, long newVersion, string adminUserId, long sourceVersion, long oldVersion);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information,
        Message = "Policy change by {AdminUserId:l} refused: it expected v{ExpectedVersion} but v{LiveVersion} is live")]
    public static partial void LogStale(ILogger logger, string adminUserId, long? expectedVersion, long liveVersion);
}
