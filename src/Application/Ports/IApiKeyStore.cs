namespace LlmGateway.Application.Ports;

/// <summary>
/// Gateway API keys by id: hashes and metadata, never a key. Fails closed on every method — including
/// <see cref="FindAsync"/> on the request path: a store that cannot be reached throws
/// <see cref="StoreUnavailableException"/> (503), so a key is never accepted unchecked.
/// </summary>
public interface IApiKeyStore
{
    ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Adds the record; false when the id is taken.</summary>
    ValueTask<bool> TryAddAsync(ApiKeyRecord record, CancellationToken cancellationToken);

    /// <summary>Every key, revoked ones included, in no particular order.</summary>
    ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Marks the key revoked; a key revoked before keeps its first revocation. Returns the record as stored
    /// afterwards, or null when there is no such key. Takes effect for the next lookup, on every instance.
    /// </summary>
    ValueTask<ApiKeyRecord?> RevokeAsync(string keyId, DateTimeOffset revokedAt, string revokedBy, CancellationToken cancellationToken);
}

/// <summary>A gateway API key as stored. Immutable except for the revocation fields.</summary>
/// <param name="SecretHash">SHA-256 of the key's secret part (see <c>ApiKeyFormat</c>); never the key.</param>
/// <param name="Hint">The secret's last characters, to tell keys apart in a listing.</param>
/// <param name="Role">The most the key may do; never more than its user's role at the time of use.</param>
public sealed record ApiKeyRecord(
    string Id,
    string Name,
    string UserId,
    Role Role,
    byte[] SecretHash,
    string Hint,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt = null,
    string? RevokedBy = null);
