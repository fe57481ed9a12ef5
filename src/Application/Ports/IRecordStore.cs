namespace LlmGateway.Application.Ports;

/// <summary>
/// What the stores of records kept by id (<see cref="ICredentialStore"/>, <see cref="IApiKeyStore"/>,
/// <see cref="ITeamStore"/>) share: the authoritative copy, read fresh, and changed only atomically. Each store's own
/// port adds what its use cases need (listing, deleting, usage notes). Fails closed: a store that cannot be reached
/// throws <see cref="StoreUnavailableException"/> (503), so nothing is accepted unchecked.
/// </summary>
public interface IRecordStore<TRecord>
    where TRecord : class
{
    ValueTask<TRecord?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Adds the record; false when its id is taken.</summary>
    ValueTask<bool> TryAddAsync(TRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored record with <c>change(stored)</c>, atomically: if another writer got there first, the change
    /// is applied again to what that writer stored. <paramref name="change"/> returning its argument writes nothing.
    /// Returns the record as stored afterwards, or null when there is no record with this id. A change to an account or a
    /// key takes effect on every instance within the credential cache's bound.
    /// </summary>
    ValueTask<TRecord?> UpdateAsync(string id, Func<TRecord, TRecord> change, CancellationToken cancellationToken);
}
