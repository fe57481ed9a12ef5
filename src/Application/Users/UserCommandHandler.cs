using LlmGateway.Application.Login;
using LlmGateway.Application.Teams;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Users;

public sealed class UserCommandHandler(
    ICredentialStore credentials,
    IApiKeyStore keys,
    ITeamStore teams,
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
        if (IsOwnAccount(command.Caller, command.UserId)
            && ((role is { } newRole && newRole.Rank() < command.Caller.Role.Rank()) || command.Disabled == true || command.TeamId is not null))
        {
            return Result<UserAccount>.FromFailure(UserFailures.OwnAccount());
        }

        if (await FindInScopeAsync(command.Caller, command.UserId, cancellationToken) is not { } target)
        {
            return Result<UserAccount>.FromFailure(UserFailures.UnknownUser());
        }

        if (UserFailures.RefusedToTeamAdmin(command.Caller, target, role, command.TeamId) is { } refused)
        {
            return Result<UserAccount>.FromFailure(refused);
        }

        if (command.TeamId is { } teamId && await teams.FindAsync(teamId, cancellationToken) is null)
        {
            return Result<UserAccount>.FromFailure(UserFailures.UnknownTeam());
        }

        var now = time.GetUtcNow();
        string? stampBefore = null;
        var refusedMeanwhile = false;
        var updated = await credentials.UpdateAsync(
            command.UserId,
            account =>
            {
                stampBefore = account.SecurityStamp;

                // The account may have changed since it was read: the team admin's limits hold for what is written.
                refusedMeanwhile = !command.Caller.Covers(account.TeamId) || UserFailures.RefusedToTeamAdmin(command.Caller, account, role, command.TeamId) is not null;
                return refusedMeanwhile ? account : SecurityStamps.Apply(account, role, command.Disabled, now, command.TeamId);
            },
            cancellationToken);
        if (updated is null || refusedMeanwhile)
        {
            return Result<UserAccount>.FromFailure(UserFailures.UnknownUser());
        }

        if (!string.Equals(target.TeamId, updated.TeamId, StringComparison.Ordinal))
        {
            await MoveKeysAsync(updated.UserId, updated.TeamId, cancellationToken);
        }

        var stampChanged = !string.Equals(stampBefore, updated.SecurityStamp, StringComparison.Ordinal);
        var roleName = updated.Role.ToName();
        UserFailures.LogUpdated(logger, updated.UserId, command.Caller.UserId, roleName, updated.TeamId, updated.Disabled, stampChanged);
        return Result<UserAccount>.Success(updated);
    }

    public async ValueTask<Result<UserAccount>> Handle(DeleteUserCommand command, CancellationToken cancellationToken)
    {
        if (IsOwnAccount(command.Caller, command.UserId))
        {
            return Result<UserAccount>.FromFailure(UserFailures.OwnAccount());
        }

        var account = await FindInScopeAsync(command.Caller, command.UserId, cancellationToken);
        if (account is not null && UserFailures.RefusedToTeamAdmin(command.Caller, account, null, null) is { } refused)
        {
            return Result<UserAccount>.FromFailure(refused);
        }

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
        if (await FindInScopeAsync(command.Caller, command.UserId, cancellationToken) is not { } target)
        {
            return Result<UserAccount>.FromFailure(UserFailures.UnknownUser());
        }

        if (UserFailures.RefusedToTeamAdmin(command.Caller, target, null, null) is { } refused)
        {
            return Result<UserAccount>.FromFailure(refused);
        }

        var hash = hasher.Hash(command.NewPassword);
        var now = time.GetUtcNow();
        var refusedMeanwhile = false;
        var updated = await credentials.UpdateAsync(
            command.UserId,
            account =>
            {
                refusedMeanwhile = !command.Caller.Covers(account.TeamId) || UserFailures.RefusedToTeamAdmin(command.Caller, account, null, null) is not null;
                return refusedMeanwhile ? account : account with { PasswordHash = hash, SecurityStamp = SecurityStamps.New(), UpdatedAt = now };
            },
            cancellationToken);
        if (updated is null || refusedMeanwhile)
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
        return Result<LoginResult>.Success(new LoginResult(tokens.Issue(updated.UserId, updated.Role, updated.SecurityStamp, updated.TeamId), updated.Role.ToName()));
    }

    /// <summary>The account, or null when there is none or it is in a team the caller does not manage (no id leaks across teams).</summary>
    private async ValueTask<UserAccount?> FindInScopeAsync(Caller caller, string userId, CancellationToken cancellationToken) =>
        await credentials.FindAsync(userId, cancellationToken) is { } account && caller.Covers(account.TeamId) ? account : null;

    /// <summary>A user's keys follow it to its new team, so the new team's admins see them and the old team's do not.</summary>
    private async ValueTask MoveKeysAsync(string userId, string teamId, CancellationToken cancellationToken)
    {
        foreach (var key in await keys.ListAsync(cancellationToken))
        {
            if (string.Equals(key.UserId, userId, StringComparison.Ordinal) && !string.Equals(key.TeamId, teamId, StringComparison.Ordinal))
            {
                await keys.UpdateAsync(key.Id, k => k with { TeamId = teamId }, cancellationToken);
            }
        }
    }

    private static bool IsOwnAccount(Caller caller, string userId) => string.Equals(caller.UserId, userId, StringComparison.Ordinal);
}
