namespace LlmGateway.Application.ApiKeys;

/// <summary>One key's metadata (never the key); not found for an id that is unknown or malformed.</summary>
public sealed record GetApiKeyQuery(Caller Caller, RequestContext Context, string KeyId) : IQuery<Result<ApiKeyView>>, IRequiresTeamAdmin, IKeyStoreRequest;
