using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.ApiKeys;

public sealed class ListApiKeysQueryHandler(IApiKeyStore keys, ILogger<ListApiKeysQueryHandler> logger)
    : IQueryHandler<ListApiKeysQuery, Result<ApiKeyList>>
{
    public async ValueTask<Result<ApiKeyList>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        try
        {
            var all = await keys.ListAsync(cancellationToken);
            var ordered = all.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
            return Result<ApiKeyList>.Success(new ApiKeyList(ordered));
        }
        catch (StoreUnavailableException e)
        {
            ApiKeyFailures.LogStoreUnavailable(logger, e, "list");
            return Result<ApiKeyList>.FromFailure(ApiKeyFailures.StoreUnavailable());
        }
    }
}
