using LlmGateway.Application.Users;
using LlmGateway.Domain;
using Microsoft.Extensions.Hosting;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// Creates (or resets) the admin account from ADMIN_USER_ID/ADMIN_PASSWORD. With a reachable store this is
/// done before the first request; with Redis down it retries in the background until Redis answers; and
/// it puts the account back if the store later loses it (or an admin deletes it).
/// </summary>
internal sealed partial class AdminBootstrapper(
    IOptions<BootstrapAdminOptions> options,
    ICredentialStore credentials,
    IPasswordHasher hasher,
    TimeProvider time,
    ILogger<AdminBootstrapper> logger) : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var admin = options.Value;
        if (string.IsNullOrWhiteSpace(admin.UserId) || string.IsNullOrEmpty(admin.Password))
        {
            LogNoAdmin(logger);
            return;
        }

        UserAccount? account = null;
        var warned = false;
        while (account is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                account = await EnsureAsync(admin.UserId, admin.Password, stoppingToken);
                LogAdminReady(logger, admin.UserId);
            }
            catch (StoreUnavailableException)
            {
                if (!warned)
                {
                    LogWaiting(logger, admin.UserId);
                    warned = true;
                }

                await Task.Delay(RetryInterval, time, stoppingToken);
            }
        }

        // A store that lost its data (Redis restarted without persistence), or an admin who deleted the account, gets it
        // back; with a new security stamp, so tokens issued before stay refused. An existing account is left as it is.
        while (account is not null && !stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(WatchInterval, time, stoppingToken);
            try
            {
                var restored = account with { SecurityStamp = SecurityStamps.New(), UpdatedAt = time.GetUtcNow() };
                if (await credentials.TryAddAsync(restored, stoppingToken))
                {
                    account = restored;
                    LogAdminRestored(logger, admin.UserId);
                }
            }
            catch (StoreUnavailableException)
            {
                // Still down; try again at the next interval.
            }
        }
    }

    /// <summary>
    /// The account as configured: left untouched (so its tokens stay valid across restarts and instances) when it already
    /// is an enabled admin with this password; otherwise reset to that, with a new security stamp; created when missing.
    /// </summary>
    private async Task<UserAccount?> EnsureAsync(string userId, string password, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var existing = await credentials.FindAsync(userId, cancellationToken);
            if (existing is null)
            {
                var created = new UserAccount(userId, hasher.Hash(password), Role.Admin, time.GetUtcNow(), SecurityStamps.New());
                if (await credentials.TryAddAsync(created, cancellationToken))
                {
                    return created;
                }

                continue; // another instance created it meanwhile: judge that one
            }

            if (existing is { Role: Role.Admin, Disabled: false } && hasher.Verify(password, existing.PasswordHash) && existing.SecurityStamp.Length > 0)
            {
                return existing;
            }

            var hash = hasher.Hash(password);
            var now = time.GetUtcNow();
            var reset = await credentials.UpdateAsync(
                userId,
                a => a with { PasswordHash = hash, Role = Role.Admin, Disabled = false, SecurityStamp = SecurityStamps.New(), UpdatedAt = now },
                cancellationToken);
            if (reset is not null)
            {
                return reset;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Bootstrap admin {UserId:l} is ready")]
    private static partial void LogAdminReady(ILogger logger, string userId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "ADMIN_USER_ID is not set: no admin account was created")]
    private static partial void LogNoAdmin(ILogger logger);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Bootstrap admin {UserId:l} was missing from the account store and has been restored")]
    private static partial void LogAdminRestored(ILogger logger, string userId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "The account store is unavailable: bootstrap admin {UserId:l} will be created when it answers")]
    private static partial void LogWaiting(ILogger logger, string userId);
}
