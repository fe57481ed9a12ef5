namespace LlmGateway.Application.ApiKeys;

public sealed class RevokeApiKeyCommandHandler(IApiKeyStore keys, TimeProvider time, ILogger<RevokeApiKeyCommandHandler> logger)
    : ICommandHandler<RevokeApiKeyCommand, Result<ApiKeyRecord>>
{
    public async ValueTask<Result<ApiKeyRecord>> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.IsValidId(command.KeyId))
        {
            return Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.UnknownKey());
        }

        var revoked = await keys.RevokeAsync(command.KeyId, time.GetUtcNow(), command.Caller.UserId, cancellationToken);
        if (revoked is null)
        {
            return Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.UnknownKey());
        }

        ApiKeyFailures.LogRevoked(logger, revoked.Id, command.Caller.UserId);
        return Result<ApiKeyRecord>.Success(revoked);
    }
}
