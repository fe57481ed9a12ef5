using LlmGateway.Application.Teams;

namespace LlmGateway.Application.ApiKeys;

public sealed class CreateApiKeyCommandHandler(
    IApiKeyStore keys,
    ICredentialStore credentials,
    TimeProvider time,
    ILogger<CreateApiKeyCommandHandler> logger) : ICommandHandler<CreateApiKeyCommand, Result<CreatedApiKey>>
{
    // Ids are 64 random bits; a clash is next to impossible, but it must never overwrite another key.
    private const int Attempts = 3;

    public async ValueTask<Result<CreatedApiKey>> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var account = await credentials.FindAsync(command.UserId, cancellationToken);
        if (account is null || !command.Caller.Covers(account.TeamId))
        {
            return Result<CreatedApiKey>.FromFailure(ApiKeyFailures.UnknownUser());
        }

        var role = command.Role is null ? account.Role : Roles.TryParse(command.Role, out var parsed) ? parsed : Role.User; // the validator has checked it
        if (!account.Role.Satisfies(role))
        {
            return Result<CreatedApiKey>.FromFailure(ApiKeyFailures.RoleAboveUser(account.Role));
        }

        if (role == Role.Admin && command.Caller.Role != Role.Admin)
        {
            return Result<CreatedApiKey>.FromFailure(ApiKeyFailures.AdminKeyForAdmins());
        }

        var roleName = role.ToName();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var generated = ApiKeyFormat.Generate();
            var record = new ApiKeyRecord(
                generated.Id, command.Name, account.UserId, role, generated.SecretHash, generated.Hint, time.GetUtcNow(), command.Caller.UserId)
            {
                Models = command.Models,
                ExpiresAt = command.ExpiresAt,
                Metadata = command.Metadata,
                TeamId = account.TeamId,
                RpmLimit = command.RpmLimit,
                TpmLimit = command.TpmLimit,
                Budget = command.Budget,
            };
            if (await keys.TryAddAsync(record, cancellationToken))
            {
                ApiKeyFailures.LogCreated(logger, record.Id, record.UserId, roleName, command.Caller.UserId);
                return Result<CreatedApiKey>.Success(new CreatedApiKey(generated.Key, record));
            }
        }

        throw new InvalidOperationException($"No free API key id after {Attempts} attempts.");
    }
}
