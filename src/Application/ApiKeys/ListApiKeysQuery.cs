namespace LlmGateway.Application.ApiKeys;

/// <summary>Every key, revoked ones included, newest first.</summary>
public sealed record ListApiKeysQuery(Caller Caller, RequestContext Context) : IQuery<Result<ApiKeyList>>, IAuthorizedRequest, IStoreRequest
{
    public static Role RequiredRole => Role.TeamAdmin;

    public static string Store => "key";
}

public sealed record ApiKeyList(IReadOnlyList<ApiKeyView> Keys);
