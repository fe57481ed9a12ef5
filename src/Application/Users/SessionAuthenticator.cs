using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Users;

public enum SessionVerdict
{
    Accepted,

    /// <summary>The user is gone or disabled, or the token's stamp is not the account's: the same 401 for all.</summary>
    Rejected,

    /// <summary>The account could not be read and this process knows nothing of it: 503, never let in unchecked.</summary>
    StoreUnavailable,
}

/// <param name="Role">When accepted: the token's role, capped by the account's current role.</param>
/// <param name="TeamId">When accepted with an account: the account's team (null: keep the token's claim).</param>
public readonly record struct SessionAuthentication(SessionVerdict Verdict, Role Role, string? TeamId = null);

/// <summary>
/// Checks a signature-valid access token against its account on every request: the account must exist, be enabled, and
/// carry the security stamp the token was issued with, so a password change, a demotion, disabling or deletion ends
/// every token issued before it. Read through <see cref="ICredentialCache"/>: most requests cost no round trip. While the
/// store is down the last state this process saw stands (nobody can change an account meanwhile); a user it never saw
/// gets 503. Tokens without a stamp come only from the insecure development login, and are accepted only while it is on.
/// </summary>
public sealed partial class SessionAuthenticator(ICredentialCache credentials, IOptions<GatewayOptions> options, ILogger<SessionAuthenticator> logger)
{
    private readonly bool _insecureDevLogin = options.Value.InsecureDevLogin;

    public ValueTask<SessionAuthentication> AuthenticateAsync(string userId, string? stamp, Role tokenRole, CancellationToken cancellationToken)
    {
        if (stamp is null)
        {
            if (_insecureDevLogin)
            {
                return ValueTask.FromResult(new SessionAuthentication(SessionVerdict.Accepted, tokenRole));
            }

            LogRejected(logger, userId, "the token carries no security stamp");
            return ValueTask.FromResult(new SessionAuthentication(SessionVerdict.Rejected, tokenRole));
        }

        ValueTask<UserAccount?> lookup;
        try
        {
            lookup = credentials.FindUserAsync(userId, lastKnownOnOutage: true, cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            return ValueTask.FromResult(Unavailable(e, userId, tokenRole));
        }

        return lookup.IsCompletedSuccessfully ? ValueTask.FromResult(Judge(lookup.Result, userId, stamp, tokenRole)) : Slow(lookup, userId, stamp, tokenRole);
    }

    private async ValueTask<SessionAuthentication> Slow(ValueTask<UserAccount?> lookup, string userId, string stamp, Role tokenRole)
    {
        try
        {
            return Judge(await lookup, userId, stamp, tokenRole);
        }
        catch (StoreUnavailableException e)
        {
            return Unavailable(e, userId, tokenRole);
        }
    }

    private SessionAuthentication Judge(UserAccount? account, string userId, string stamp, Role tokenRole)
    {
        var reason = account is null ? "its user no longer exists"
            : account.Disabled ? "its user is disabled"
            : !string.Equals(account.SecurityStamp, stamp, StringComparison.Ordinal) ? "the account's security stamp changed since it was issued"
            : null;
        if (reason is not null)
        {
            LogRejected(logger, userId, reason);
            return new SessionAuthentication(SessionVerdict.Rejected, tokenRole);
        }

        // The stamp changes on every demotion and team move made through the API; this covers an account edited in the
        // store by hand: the account's team and (capped) role are the ones in force.
        return new SessionAuthentication(SessionVerdict.Accepted, account!.Role.Satisfies(tokenRole) ? tokenRole : account.Role, account.TeamId);
    }

    private SessionAuthentication Unavailable(StoreUnavailableException exception, string userId, Role tokenRole)
    {
        LogStoreUnavailable(logger, exception, userId);
        return new SessionAuthentication(SessionVerdict.StoreUnavailable, tokenRole);
    }

    [LoggerMessage(EventId = 1121, Level = LogLevel.Warning, Message = "Access token of {UserId:l} refused: {Reason:l}")]
    private static partial void LogRejected(ILogger logger, string userId, string reason);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Warning, Message = "Access token of {UserId:l} could not be checked: the account store is unavailable; answering 503")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string userId);
}
