using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;

namespace LlmGateway.Application.ApiKeys;

public sealed class ListApiKeysQueryHandler(IApiKeyStore keys) : IQueryHandler<ListApiKeysQuery, Result<ApiKeyList>>
{
    public async ValueTask<Result<ApiKeyList>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        var all = await keys.ListAsync(cancellationToken);
        return Result<ApiKeyList>.Success(new ApiKeyList([.. all.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)]));
    }
}
