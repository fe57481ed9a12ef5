namespace LlmGateway.Application.Ports;

/// <summary>
/// Gateway API keys by id: hashes and metadata, never a key (the request path reads keys through
/// <see cref="ICredentialCache"/>). Keys are revoked, never deleted. Fails closed on every method but
/// <see cref="RecordUse"/>, so a key is never accepted unchecked.
/// </summary>
public interface IApiKeyStore : IRecordStore<ApiKeyRecord>
{
    /// <summary>Every key, revoked ones included, in no particular order.</summary>
    ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Notes that the key was used at <paramref name="at"/>. Never waits and never throws: a lost note is only a staler listing.</summary>
    void RecordUse(string keyId, DateTimeOffset at);

    /// <summary>When each of <paramref name="keyIds"/> was last used, as far as recorded; keys never used are absent.</summary>
    ValueTask<IReadOnlyDictionary<string, DateTimeOffset>> LastUsesAsync(IReadOnlyList<string> keyIds, CancellationToken cancellationToken);
}

/// <summary>A gateway API key as stored.</summary>
/// <param name="SecretHash">SHA-256 of the key's secret part (see <c>ApiKeyFormat</c>); never the key.</param>
/// <param name="Hint">The secret's last characters, to tell keys apart in a listing.</param>
/// <param name="Role">The most the key may do; never more than its user's role at the time of use.</param>
/// <param name="Models">When set, the only models the key may ask for.</param>
/// <param name="ExpiresAt">When set, the key is refused from this instant on.</param>
/// <param name="Metadata">The admin's own labels (a small string map); never interpreted.</param>
/// <param name="TeamId">Its user's team, kept in step when the user moves (team admins see their team's keys by it).</param>
/// <param name="RpmLimit">When set, the key's requests per minute, in place of the policy's per-user request limit.</param>
/// <param name="TpmLimit">When set, the key's tokens per minute (prompt plus answer).</param>
/// <param name="Budget">When set, what the key may spend per day or month.</param>
/// <param name="PreviousSecretHash">After a rotation: the replaced secret's hash, accepted until <paramref name="PreviousSecretExpiresAt"/>.</param>
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
    string? RevokedBy = null,
    IReadOnlyList<string>? Models = null,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    byte[]? PreviousSecretHash = null,
    DateTimeOffset? PreviousSecretExpiresAt = null,
    DateTimeOffset? RotatedAt = null,
    string TeamId = Teams.TeamIds.Default,
    int? RpmLimit = null,
    int? TpmLimit = null,
    KeyBudget? Budget = null)
{
    public override string ToString() => $"ApiKeyRecord {{ Id = {Id}, UserId = {UserId}, Role = {Role} }}";
}
