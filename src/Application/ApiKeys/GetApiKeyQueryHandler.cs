using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.ApiKeys;

public sealed class GetApiKeyQueryHandler(IApiKeyStore keys, ILogger<GetApiKeyQueryHandler> logger)
    : IQueryHandler<GetApiKeyQuery, Result<ApiKeyRecord>>
{
    public async ValueTask<Result<ApiKeyRecord>> Handle(GetApiKeyQuery query, CancellationToken cancellationToken)
    {
        // A malformed id names no key: 404 like any unknown id, and the store is not asked.
        if (!ApiKeyFormat.IsValidId(query.KeyId))
        {
            return Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.UnknownKey());
        }

        try
        {
            var record = await keys.FindAsync(query.KeyId, cancellationToken);
            return record is null ? Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.UnknownKey()) : Result<ApiKeyRecord>.Success(record);
        }
        catch (StoreUnavailableException e)
        {
            ApiKeyFailures.LogStoreUnavailable(logger, e, "read");
            return Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.StoreUnavailable());
        }
    }
}
