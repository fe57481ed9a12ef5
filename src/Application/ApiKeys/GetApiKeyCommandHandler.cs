using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.ApiKeys;

public sealed class GetApiKeyCommandHandler(IApiKeyStore keys, ILogger<GetApiKeyCommandHandler> logger)
    : ICommandHandler<GetApiKeyCommand, Result<ApiKeyRecord>>
{
    public async ValueTask<Result<ApiKeyRecord>> Handle(GetApiKeyCommand command, CancellationToken cancellationToken)
    {
        // A malformed id names no key: 404 like any unknown id, and the store is not asked.
        if (!ApiKeyFormat.IsValidId(command.KeyId))
        {
            return Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.UnknownKey());
        }

        try
        {
            var record = await keys.FindAsync(command.KeyId, cancellationToken);
            return record is null ? Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.UnknownKey()) : Result<ApiKeyRecord>.Success(record);
        }
        catch (StoreUnavailableException e)
        {
            ApiKeyFailures.LogStoreUnavailable(logger, e, "read");
            return Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.StoreUnavailable());
        }
    }
}
