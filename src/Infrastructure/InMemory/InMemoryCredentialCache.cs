namespace LlmGateway.Infrastructure.InMemory;

/// <summary>One process: the in-memory stores are the cache, read directly, so every change is in force at once.</summary>
internal sealed class InMemoryCredentialCache(ICredentialStore credentials, IApiKeyStore keys) : ICredentialCache
{
    public ValueTask<UserAccount?> FindUserAsync(string userId, bool lastKnownOnOutage, CancellationToken cancellationToken) =>
        credentials.FindAsync(userId, cancellationToken);

    public ValueTask<ApiKeyRecord?> FindKeyAsync(string keyId, CancellationToken cancellationToken) => keys.FindAsync(keyId, cancellationToken);
}
