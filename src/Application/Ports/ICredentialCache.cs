namespace LlmGateway.Application.Ports;

/// <summary>
/// Accounts and API keys as the request path reads them, on every request that carries a credential. In Redis mode an
/// entry is answered from this process for at most <c>CREDENTIAL_CACHE_MILLISECONDS</c> (1 s by default) and dropped
/// on every instance as soon as a change is published, so most requests cost no round trip and every change is in
/// force everywhere within that bound. In memory the stores are read directly.
/// </summary>
public interface ICredentialCache
{
    /// <summary>
    /// The account, or null when there is none. Throws <see cref="StoreUnavailableException"/> when the store cannot be
    /// asked — unless <paramref name="lastKnownOnOutage"/> and this process holds an expired entry for the user, which is
    /// then answered (nobody can change the account while the store is down).
    /// </summary>
    ValueTask<UserAccount?> FindUserAsync(string userId, bool lastKnownOnOutage, CancellationToken cancellationToken);

    /// <summary>The key's record, or null when there is none. Fails closed: <see cref="StoreUnavailableException"/>.</summary>
    ValueTask<ApiKeyRecord?> FindKeyAsync(string keyId, CancellationToken cancellationToken);
}
