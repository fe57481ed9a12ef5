namespace LlmGateway.Application.ApiKeys;

public sealed class RevokeApiKeyCommandHandler(IApiKeyStore keys, TimeProvider time, ILogger<RevokeApiKeyCommandHandler> logger)
    : ICommandHandler<RevokeApiKeyCommand, Result<ApiKeyRecord>>
{
    public async ValueTask<Result<ApiKeyRecord>> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        if (await ApiKeyFailures.RefusedChangeAsync(keys, command.Caller, command.KeyId, cancellationToken) is { } refused)
        {
            return Result<ApiKeyRecord>.FromFailure(refused);
        }

        var now = time.GetUtcNow();
        var revoked = await keys.UpdateAsync(
            command.KeyId,
            record => record.RevokedAt is null ? record with { RevokedAt = now, RevokedBy = command.Caller.UserId } : record,
            cancellationToken);
        if (revoked is null)
        {
            return Result<ApiKeyRecord>.FromFailure(ApiKeyFailures.UnknownKey());
        }

        ApiKeyFailures.LogRevoked(logger, revoked.Id, command.Caller.UserId);
        return Result<ApiKeyRecord>.Success(revoked);
    }
}
