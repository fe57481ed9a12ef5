using LlmGateway.Domain;
using Microsoft.Extensions.Hosting;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// Creates (or resets) the admin account from ADMIN_USER_ID/ADMIN_PASSWORD. With a reachable store this is
/// done before the first request; with Redis down it retries in the background until Redis answers; and
/// it puts the account back if the store later loses it.
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

        var account = new UserAccount(admin.UserId, hasher.Hash(admin.Password), Role.Admin, time.GetUtcNow());
        var warned = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await credentials.UpsertAsync(account, stoppingToken);
                LogAdminReady(logger, admin.UserId);
                break;
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

        // A store that lost its data (Redis restarted without persistence) gets the account back; an
        // existing account is left as it is.
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(WatchInterval, time, stoppingToken);
            try
            {
                if (await credentials.TryAddAsync(account, stoppingToken))
                {
                    LogAdminRestored(logger, admin.UserId);
                }
            }
            catch (StoreUnavailableException)
            {
                // Still down; try again at the next interval.
            }
        }
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
