namespace LlmGateway.Application.ApiKeys;

public enum ApiKeyVerdict
{
    Accepted,

    /// <summary>Malformed, unknown, wrong secret, revoked, or its user is gone: one answer for all (401).</summary>
    Rejected,

    /// <summary>The store could not be asked; the request is refused (503), never let in unchecked.</summary>
    StoreUnavailable,
}

/// <param name="Caller">Set when accepted: the key's user, with the key's role capped by the user's current role.</param>
public readonly record struct ApiKeyAuthentication(ApiKeyVerdict Verdict, Caller? Caller, string? KeyId);

/// <summary>
/// Checks a presented gateway key on every request: no in-process cache, so a revocation (or a deleted user)
/// takes effect with the very next request on every instance. The cost is one key lookup and one account
/// lookup per request (in Redis mode two GETs).
/// </summary>
public sealed partial class ApiKeyAuthenticator(IApiKeyStore keys, ICredentialStore credentials, ILogger<ApiKeyAuthenticator> logger)
{
    private static readonly ApiKeyAuthentication Rejected = new(ApiKeyVerdict.Rejected, null, null);

    public async ValueTask<ApiKeyAuthentication> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParse(presentedKey, out var keyId))
        {
            LogMalformed(logger, presentedKey.Length);
            return Rejected;
        }

        try
        {
            var record = await keys.FindAsync(keyId, cancellationToken);
            if (record is null)
            {
                LogRejected(logger, keyId, "unknown key id");
                return Rejected;
            }

            // The secret first: only the holder of the real key learns (from the log, not the answer) that it was revoked.
            if (!ApiKeyFormat.SecretMatches(presentedKey, record.SecretHash))
            {
                LogRejected(logger, keyId, "wrong secret");
                return Rejected;
            }

            if (record.RevokedAt is not null)
            {
                LogRejected(logger, keyId, "revoked");
                return Rejected;
            }

            var account = await credentials.FindAsync(record.UserId, cancellationToken);
            if (account is null)
            {
                LogRejected(logger, keyId, "its user no longer exists");
                return Rejected;
            }

            var role = account.Role.Satisfies(record.Role) ? record.Role : account.Role;
            return new ApiKeyAuthentication(ApiKeyVerdict.Accepted, new Caller(record.UserId, role), keyId);
        }
        catch (StoreUnavailableException e)
        {
            LogStoreUnavailable(logger, e, keyId);
            return new ApiKeyAuthentication(ApiKeyVerdict.StoreUnavailable, null, keyId);
        }
    }

    // Only the key id is ever logged (it is not secret); for a key that does not even parse, only its length.
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "API key refused: not a well-formed gateway key (length {KeyLength})")]
    private static partial void LogMalformed(ILogger logger, int keyLength);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "API key {KeyId:l} refused: {Reason:l}")]
    private static partial void LogRejected(ILogger logger, string keyId, string reason);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "API key {KeyId:l} could not be checked: the store is unavailable; answering 503")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string keyId);
}
