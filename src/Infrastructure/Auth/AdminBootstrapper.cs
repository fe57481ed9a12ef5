using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>Creates (or resets) the admin account from ADMIN_USER_ID/ADMIN_PASSWORD before the first request.</summary>
internal sealed partial class AdminBootstrapper(
    IOptions<BootstrapAdminOptions> options,
    ICredentialStore credentials,
    IPasswordHasher hasher,
    TimeProvider time,
    ILogger<AdminBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (string.IsNullOrWhiteSpace(admin.UserId) || string.IsNullOrEmpty(admin.Password))
        {
            LogNoAdmin(logger);
            return;
        }

        var account = new UserAccount(admin.UserId, hasher.Hash(admin.Password), Role.Admin, time.GetUtcNow());
        await credentials.UpsertAsync(account, cancellationToken);
        LogAdminReady(logger, admin.UserId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Bootstrap admin {UserId:l} is ready")]
    private static partial void LogAdminReady(ILogger logger, string userId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "ADMIN_USER_ID is not set: no admin account was created")]
    private static partial void LogNoAdmin(ILogger logger);
}
