using FluentValidation;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.ApiKeys;

/// <summary>
/// Gives a key a new secret under the same id (listing, revocation and last use carry on). The old secret keeps working
/// for the grace period, so a service can be redeployed with the new one without a failed request; a grace of 0 ends it
/// at once. Rotating again within a grace period ends the older secret at once: at most two secrets are ever valid.
/// </summary>
/// <param name="GracePeriodSeconds">Null: <c>API_KEY_ROTATION_GRACE_SECONDS</c>. At most <c>API_KEY_ROTATION_MAX_GRACE_SECONDS</c>.</param>
public sealed record RotateApiKeyCommand(Caller Caller, RequestContext Context, string KeyId, int? GracePeriodSeconds)
    : ICommand<Result<CreatedApiKey>>, IRequiresTeamAdmin, IKeyStoreRequest, IValidatedRequest;

public sealed class RotateApiKeyCommandValidator : AbstractValidator<RotateApiKeyCommand>
{
    public RotateApiKeyCommandValidator(IOptions<ApiKeyOptions> options)
    {
        var max = options.Value.MaxRotationGraceSeconds;
        RuleFor(c => c.GracePeriodSeconds)
            .Must(seconds => seconds is null || (seconds >= 0 && seconds <= max))
            .WithMessage($"grace_period_seconds must be between 0 and {max}.")
            .OverridePropertyName("grace_period_seconds");
    }
}

public sealed class RotateApiKeyCommandHandler(
    IApiKeyStore keys,
    IOptions<ApiKeyOptions> options,
    TimeProvider time,
    ILogger<RotateApiKeyCommandHandler> logger) : ICommandHandler<RotateApiKeyCommand, Result<CreatedApiKey>>
{
    private readonly int _defaultGraceSeconds = Math.Min(options.Value.RotationGraceSeconds, options.Value.MaxRotationGraceSeconds);

    public async ValueTask<Result<CreatedApiKey>> Handle(RotateApiKeyCommand command, CancellationToken cancellationToken)
    {
        if (await ApiKeyFailures.RefusedChangeAsync(keys, command.Caller, command.KeyId, cancellationToken) is { } refused)
        {
            return Result<CreatedApiKey>.FromFailure(refused);
        }

        var now = time.GetUtcNow();
        var grace = TimeSpan.FromSeconds(command.GracePeriodSeconds ?? _defaultGraceSeconds);
        var secret = ApiKeyFormat.Generate(command.KeyId);
        var revoked = false;
        var rotated = await keys.UpdateAsync(
            command.KeyId,
            record =>
            {
                revoked = record.RevokedAt is not null;
                return revoked ? record : record with
                {
                    SecretHash = secret.SecretHash,
                    Hint = secret.Hint,
                    PreviousSecretHash = grace > TimeSpan.Zero ? record.SecretHash : null,
                    PreviousSecretExpiresAt = grace > TimeSpan.Zero ? now + grace : null,
                    RotatedAt = now,
                };
            },
            cancellationToken);
        if (rotated is null)
        {
            return Result<CreatedApiKey>.FromFailure(ApiKeyFailures.UnknownKey());
        }

        if (revoked)
        {
            return Result<CreatedApiKey>.FromFailure(new GatewayFailure(GatewayError.Conflict, "A revoked key cannot be rotated; mint a new one."));
        }

        ApiKeyFailures.LogRotated(logger, rotated.Id, (int)grace.TotalSeconds, command.Caller.UserId);
        return Result<CreatedApiKey>.Success(new CreatedApiKey(secret.Key, rotated));
    }
}
