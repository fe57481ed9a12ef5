using System.Collections.Concurrent;

namespace LlmGateway.Application.ApiKeys;

public enum ApiKeyVerdict
{
    Accepted,

    /// <summary>Malformed, unknown, wrong secret, revoked, expired, or its user is gone or disabled: one answer for all (401).</summary>
    Rejected,

    /// <summary>The store could not be asked; the request is refused (503), never let in unchecked.</summary>
    StoreUnavailable,
}

/// <param name="Caller">Set when accepted: the key's user, with the key's role capped by the user's current role, and the key's models.</param>
public readonly record struct ApiKeyAuthentication(ApiKeyVerdict Verdict, Caller? Caller, string? KeyId);

/// <summary>
/// Checks a presented gateway key on every request, against the key's record and its user's account read through
/// <see cref="ICredentialCache"/>: a revocation, rotation, expiry, or a change of the user (deleted, disabled, demoted)
/// is in force on every instance within the cache's bound (1 s), and most requests cost no store round trip. Fails
/// closed: when the store cannot be asked the answer is 503. The last use is written at most once a minute per key and
/// process, without waiting.
/// </summary>
public sealed partial class ApiKeyAuthenticator(ICredentialCache credentials, IApiKeyStore keys, TimeProvider time, ILogger<ApiKeyAuthenticator> logger)
{
    /// <summary>How stale the listing's <c>last_used_at</c> may be, per instance: the price of not writing on every request.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    private const int MaxTrackedKeys = 100_000;

    private static readonly ApiKeyAuthentication Rejected = new(ApiKeyVerdict.Rejected, null, null);

    // Key id → when this process last wrote its last use (TimeProvider timestamp).
    private readonly ConcurrentDictionary<string, long> _lastUseWritten = new(StringComparer.Ordinal);

    public async ValueTask<ApiKeyAuthentication> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParse(presentedKey, out var keyId))
        {
            LogMalformed(logger, presentedKey.Length);
            return Rejected;
        }

        try
        {
            var record = await credentials.FindKeyAsync(keyId, cancellationToken);
            if (record is null)
            {
                LogRejected(logger, keyId, "unknown key id");
                return Rejected;
            }

            // The secret first: only the holder of the real key learns (from the log, not the answer) why it was refused.
            var now = time.GetUtcNow();
            var match = ApiKeyFormat.SecretMatches(presentedKey, record.SecretHash, record.PreviousSecretHash);
            if (match == SecretMatch.None || (match == SecretMatch.Previous && !(now < record.PreviousSecretExpiresAt)))
            {
                LogRejected(logger, keyId, match == SecretMatch.None ? "wrong secret" : "a rotated-out secret past its grace period");
                return Rejected;
            }

            var refusal = record.RevokedAt is not null ? "revoked"
                : record.ExpiresAt <= now ? "expired"
                : null;
            if (refusal is not null)
            {
                LogRejected(logger, keyId, refusal);
                return Rejected;
            }

            var account = await credentials.FindUserAsync(record.UserId, lastKnownOnOutage: false, cancellationToken);

            // A key minted before its user's account was created belongs to an earlier, deleted account of the same id.
            refusal = account is null || account.CreatedAt > record.CreatedAt ? "its user no longer exists"
                : account.Disabled ? "its user is disabled"
                : null;
            if (refusal is not null)
            {
                LogRejected(logger, keyId, refusal);
                return Rejected;
            }

            NoteUse(keyId, now);
            var role = account!.Role.Satisfies(record.Role) ? record.Role : account.Role;
            // The key acts in its user's team as it is now: a move is in force for the key as soon as for the user.
            var caller = new Caller(record.UserId, role)
            {
                TeamId = account.TeamId,
                Models = record.Models is { Count: > 0 } models ? models : null,
                KeyId = keyId,
                RpmLimit = record.RpmLimit,
                TpmLimit = record.TpmLimit,
                Budget = record.Budget,
            };
            return new ApiKeyAuthentication(ApiKeyVerdict.Accepted, caller, keyId);
        }
        catch (StoreUnavailableException e)
        {
            LogStoreUnavailable(logger, e, keyId);
            return new ApiKeyAuthentication(ApiKeyVerdict.StoreUnavailable, null, keyId);
        }
    }

    private void NoteUse(string keyId, DateTimeOffset now)
    {
        var timestamp = time.GetTimestamp();
        if (_lastUseWritten.TryGetValue(keyId, out var written) && time.GetElapsedTime(written, timestamp) < LastUseResolution)
        {
            return;
        }

        if (_lastUseWritten.Count >= MaxTrackedKeys)
        {
            _lastUseWritten.Clear(); // at worst one early write per key
        }

        _lastUseWritten[keyId] = timestamp;
        keys.RecordUse(keyId, now);
    }

    // Only the key id is ever logged (it is not secret); for a key that does not even parse, only its length.
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "API key refused: not a well-formed gateway key (length {KeyLength})")]
    private static partial void LogMalformed(ILogger logger, int keyLength);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "API key {KeyId:l} refused: {Reason:l}")]
    private static partial void LogRejected(ILogger logger, string keyId, string reason);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "API key {KeyId:l} could not be checked: the store is unavailable; answering 503")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string keyId);
}
