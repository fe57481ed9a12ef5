using LlmGateway.Application.Login;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Users;

public sealed class UserCommandHandler(
    ICredentialStore credentials,
    IApiKeyStore keys,
    IPasswordHasher hasher,
    ITokenService tokens,
    IRateLimiter rateLimiter,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<UserCommandHandler> logger)
    : ICommandHandler<UpdateUserCommand, Result<UserAccount>>,
      ICommandHandler<DeleteUserCommand, Result<UserAccount>>,
      ICommandHandler<ResetPasswordCommand, Result<UserAccount>>,
      ICommandHandler<ChangePasswordCommand, Result<LoginResult>>
{
    // Created user ids cannot hold ':', so these keys never meet a user's request counter or the login counters.
    private const string PasswordAttemptPrefix = "password:user:";

    private readonly int _maxAttempts = options.Value.LoginMaxAttempts;
    private readonly TimeSpan _window = TimeSpan.FromSeconds(options.Value.LoginWindowSeconds);

    public async ValueTask<Result<UserAccount>> Handle(UpdateUserCommand command, CancellationToken cancellationToken)
    {
        Role? role = command.Role is null ? null : Roles.TryParse(command.Role, out var parsed) ? parsed : Role.User; // the validator has checked it
        if (IsOwnAccount(command.Caller, command.UserId) && (role == Role.User || command.Disabled == true))
        {
            return Result<UserAccount>.FromFailure(UserFailures.OwnAccount());
        }

        var now = time.GetUtcNow();
        string? stampBefore = null;
        var updated = await credentials.UpdateAsync(
            command.UserId,
            account =>
            {
                stampBefore = account.SecurityStamp;
                return SecurityStamps.Apply(account, role, command.Disabled, now);
            },
            cancellationToken);
        if (updated is null)
        {
            return Result<UserAccount>.FromFailure(UserFailures.UnknownUser());
        }

        var stampChanged = !string.Equals(stampBefore, updated.SecurityStamp, StringComparison.Ordinal);
        var roleName = updated.Role.ToName();
        UserFailures.LogUpdated(logger, updated.UserId, command.Caller.UserId, roleName, updated.Disabled, stampChanged);
        return Result<UserAccount>.Success(updated);
    }

    public async ValueTask<Result<UserAccount>> Handle(DeleteUserCommand command, CancellationToken cancellationToken)
    {
        if (IsOwnAccount(command.Caller, command.UserId))
        {
            return Result<UserAccount>.FromFailure(UserFailures.OwnAccount());
        }

        var account = await credentials.FindAsync(command.UserId, cancellationToken);
        if (account is null || !await credentials.DeleteAsync(command.UserId, cancellationToken))
        {
            return Result<UserAccount>.FromFailure(UserFailures.UnknownUser());
        }

        // The account is gone, so its keys are refused already (and a key older than a re-created account of the same id
        // never works again); revoking them keeps the listing truthful.
        var revoked = 0;
        var now = time.GetUtcNow();
        foreach (var key in await keys.ListAsync(cancellationToken))
        {
            if (key.RevokedAt is null && string.Equals(key.UserId, account.UserId, StringComparison.Ordinal))
            {
                await keys.UpdateAsync(key.Id, k => k.RevokedAt is null ? k with { RevokedAt = now, RevokedBy = command.Caller.UserId } : k, cancellationToken);
                revoked++;
            }
        }

        UserFailures.LogDeleted(logger, account.UserId, command.Caller.UserId, revoked);
        return Result<UserAccount>.Success(account);
    }

    public async ValueTask<Result<UserAccount>> Handle(ResetPasswordCommand command, CancellationToken cancellationToken)
    {
        var hash = hasher.Hash(command.NewPassword);
        var now = time.GetUtcNow();
        var updated = await credentials.UpdateAsync(
            command.UserId,
            account => account with { PasswordHash = hash, SecurityStamp = SecurityStamps.New(), UpdatedAt = now },
            cancellationToken);
        if (updated is null)
        {
            return Result<UserAccount>.FromFailure(UserFailures.UnknownUser());
        }

        UserFailures.LogPasswordReset(logger, updated.UserId, command.Caller.UserId);
        return Result<UserAccount>.Success(updated);
    }

    public async ValueTask<Result<LoginResult>> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var userId = command.Caller.UserId;

        // A stolen token must not become a way to guess the password: attempts are limited as logins are.
        var attempt = await rateLimiter.TryAcquireAsync(PasswordAttemptPrefix + userId, _maxAttempts, _window, cancellationToken);
        if (!attempt.Allowed)
        {
            UserFailures.LogPasswordChangeRefused(logger, userId, "too many attempts");
            return Result<LoginResult>.FromFailure(new GatewayFailure(GatewayError.RateLimited, "Too many password change attempts; try again later.") { RetryAt = attempt.ResetAt });
        }

        var account = await credentials.FindAsync(userId, cancellationToken);
        if (account is null)
        {
            hasher.VerifyAgainstDummy(command.CurrentPassword);
            return Result<LoginResult>.FromFailure(UserFailures.UnknownUser());
        }

        if (!hasher.Verify(command.CurrentPassword, account.PasswordHash))
        {
            UserFailures.LogPasswordChangeRefused(logger, userId, "wrong current password");
            return Result<LoginResult>.FromFailure(UserFailures.WrongCurrentPassword());
        }

        var hash = hasher.Hash(command.NewPassword);
        var now = time.GetUtcNow();
        var updated = await credentials.UpdateAsync(
            userId,
            current => current with { PasswordHash = hash, SecurityStamp = SecurityStamps.New(), UpdatedAt = now },
            cancellationToken);
        if (updated is null)
        {
            return Result<LoginResult>.FromFailure(UserFailures.UnknownUser());
        }

        UserFailures.LogPasswordChanged(logger, userId);
        return Result<LoginResult>.Success(new LoginResult(tokens.Issue(updated.UserId, updated.Role, updated.SecurityStamp), updated.Role.ToName()));
    }

    private static bool IsOwnAccount(Caller caller, string userId) => string.Equals(caller.UserId, userId, StringComparison.Ordinal);
}
