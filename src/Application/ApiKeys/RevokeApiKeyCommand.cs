namespace LlmGateway.Application.ApiKeys;

/// <summary>
/// Revokes a key: the next request that carries it is refused, on every instance. Idempotent — revoking a
/// revoked key succeeds and keeps the first revocation. The record stays, so the listing shows the revocation.
/// </summary>
public sealed record RevokeApiKeyCommand(Caller Caller, RequestContext Context, string KeyId) : ICommand<Result<ApiKeyRecord>>, IAuthorizedRequest, IStoreRequest
{
    public static Role RequiredRole => Role.Admin;

    public static string Store => "key";
}
