namespace LlmGateway.Application.ApiKeys;

/// <summary>
/// Revokes a key: requests that carry it are refused on every instance within the credential cache's bound (1 s). Idempotent — revoking a
/// revoked key succeeds and keeps the first revocation. The record stays, so the listing shows the revocation.
/// </summary>
public sealed record RevokeApiKeyCommand(Caller Caller, RequestContext Context, string KeyId) : ICommand<Result<ApiKeyRecord>>, IRequiresTeamAdmin, IKeyStoreRequest;
