using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;

namespace LlmGateway.Application.ApiKeys;

public sealed class GetApiKeyQueryHandler(IApiKeyStore keys) : IQueryHandler<GetApiKeyQuery, Result<ApiKeyRecord>>
{
    public async ValueTask<Result<ApiKeyRecord>> Handle(GetApiKeyQuery query, CancellationToken cancellationToken)
    {
        // A malformed id names no key: 404 like any unknown id, and the store is not asked.
        var record = ApiKeyFormat.IsValidId(query.KeyId) ? await keys.FindAsync(query.KeyId, cancellationToken) : null;
        return record is null ? Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.UnknownKey()) : Result<ApiKeyRecord>.Success(record);
    }
}
