namespace LlmGateway.Application.ApiKeys;

/// <summary>Every key, revoked ones included, newest first.</summary>
public sealed record ListApiKeysQuery(Caller Caller, RequestContext Context) : IQuery<Result<ApiKeyList>>, IRequiresTeamAdmin, IKeyStoreRequest;

public sealed record ApiKeyList(IReadOnlyList<ApiKeyView> Keys);
