namespace LlmGateway.Application.ApiKeys;

/// <summary>Gateway API keys' metadata: one key, or all of them newest first (revoked ones included).</summary>
public sealed class ApiKeyQueryHandler(IApiKeyStore keys)
    : IQueryHandler<GetApiKeyQuery, Result<ApiKeyRecord>>,
      IQueryHandler<ListApiKeysQuery, Result<ApiKeyList>>
{
    public async ValueTask<Result<ApiKeyRecord>> Handle(GetApiKeyQuery query, CancellationToken cancellationToken)
    {
        // A malformed id names no key: 404 like any unknown id, and the store is not asked.
        var record = ApiKeyFormat.IsValidId(query.KeyId) ? await keys.FindAsync(query.KeyId, cancellationToken) : null;
        return record is null ? Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.UnknownKey()) : Result<ApiKeyRecord>.Success(record);
    }

    public async ValueTask<Result<ApiKeyList>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        var all = await keys.ListAsync(cancellationToken);
        return Result<ApiKeyList>.Success(new ApiKeyList([.. all.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)]));
    }
}
