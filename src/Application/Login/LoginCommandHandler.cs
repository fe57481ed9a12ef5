using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Login;

/// <summary>
/// Exchanges a user id and password for a token. Guessing is slowed before any password is hashed, and no account
/// is ever locked: each client address has an attempt budget across all user ids (the shared rate limiter), and
/// each (user id, address) pair a failure budget (<see cref="ILoginThrottle"/>); a user id failing from many
/// addresses makes each further failing address wait longer. Over any of them the answer is 429 with Retry-After —
/// right password or not, so a guesser learns nothing — while the real user, from an address that has not been
/// failing, logs in as usual.
/// </summary>
public sealed partial class LoginCommandHandler(
    ICredentialStore credentials,
    IPasswordHasher hasher,
    ITokenService tokens,
    IRateLimiter rateLimiter,
    ILoginThrottle throttle,
    IOptions<GatewayOptions> options,
    ILogger<LoginCommandHandler> logger) : ICommandHandler<LoginCommand, Result<LoginResult>>
{
    // Created user ids cannot hold ':', so this key never meets a user's request counter.
    private const string ClientKeyPrefix = "login:client:";
    private const string UnknownAddress = "unknown";

    // One message for every failure, so the answer never tells whether the user exists.
    private static readonly GatewayFailure InvalidCredentials = new(GatewayError.Unauthorized, "Invalid user id or password.");

    private readonly bool _insecureDevLogin = options.Value.InsecureDevLogin;
    private readonly int _maxAttemptsPerClient = options.Value.LoginMaxAttemptsPerClient;
    private readonly TimeSpan _window = TimeSpan.FromSeconds(options.Value.LoginWindowSeconds);
    private readonly LoginLimits _limits = new(
        options.Value.LoginMaxAttempts,
        options.Value.LoginSlowDownAfter,
        TimeSpan.FromSeconds(options.Value.LoginWindowSeconds),
        TimeSpan.FromSeconds(options.Value.LoginSlowDownSeconds));

    public async ValueTask<Result<LoginResult>> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var address = command.ClientAddress ?? UnknownAddress;

        // The client first: one address spraying many user ids is stopped without counting against those users.
        var client = await rateLimiter.TryAcquireAsync(ClientKeyPrefix + address, _maxAttemptsPerClient, _window, cancellationToken);
        if (!client.Allowed)
        {
            LogThrottled(logger, "client address");
            return Result<LoginResult>.FromFailure(TooManyAttempts(client.ResetAt));
        }

        var gate = await throttle.CheckAsync(command.UserId, address, _limits, cancellationToken);
        if (!gate.Allowed)
        {
            LogThrottled(logger, "user id from this client address");
            return Result<LoginResult>.FromFailure(TooManyAttempts(gate.RetryAt));
        }

        if (command.Password is null)
        {
            return _insecureDevLogin ? InsecureLogin(command) : Result<LoginResult>.FromFailure(InvalidCredentials);
        }

        UserAccount? account;
        try
        {
            account = await credentials.FindAsync(command.UserId, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return Result<LoginResult>.FromFailure(new GatewayFailure(GatewayError.StoreUnavailable, "Accounts cannot be checked right now; try again shortly."));
        }

        if (account is null)
        {
            hasher.VerifyAgainstDummy(command.Password);
            return await FailedAsync(command, address, cancellationToken);
        }

        // A disabled account is refused like a wrong password, after the same work: the answer never tells which.
        if (!hasher.Verify(command.Password, account.PasswordHash) || account.Disabled)
        {
            return await FailedAsync(command, address, cancellationToken);
        }

        await throttle.RecordSuccessAsync(command.UserId, address, cancellationToken);
        return Result<LoginResult>.Success(new LoginResult(tokens.Issue(account.UserId, account.Role, account.SecurityStamp, account.TeamId), account.Role.ToName()));
    }

    private async ValueTask<Result<LoginResult>> FailedAsync(LoginCommand command, string address, CancellationToken cancellationToken)
    {
        var failures = await throttle.RecordFailureAsync(command.UserId, address, _limits, cancellationToken);
        LogFailed(logger, command.UserId.Length, failures);
        return Result<LoginResult>.FromFailure(InvalidCredentials);
    }

    private static GatewayFailure TooManyAttempts(DateTimeOffset retryAt) =>
        new(GatewayError.RateLimited, "Too many login attempts; try again later.") { RetryAt = retryAt };

    private Result<LoginResult> InsecureLogin(LoginCommand command)
    {
        if (!Roles.TryParse(command.RequestedRole ?? Roles.User, out var role))
        {
            return Result<LoginResult>.FromFailure(new GatewayFailure(GatewayError.ValidationFailed, $"role must be {Roles.Names}.")
            {
                Errors = new Dictionary<string, string[]> { ["role"] = [$"role must be {Roles.Names}."] },
            });
        }

        LogInsecure(logger, command.UserId, role.ToName());
        return Result<LoginResult>.Success(new LoginResult(tokens.Issue(command.UserId, role, securityStamp: null), role.ToName()));
    }

    // The user id is attacker-controlled text on this path; log only its length.
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Login failed (user id length {UserIdLength}, {Failures} failures for this user id in the window)")]
    private static partial void LogFailed(ILogger logger, int userIdLength, long failures);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Login refused: too many attempts for this {Scope:l}")]
    private static partial void LogThrottled(ILogger logger, string scope);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "INSECURE_DEV_LOGIN issued a token without a password for {UserId:l} as {Role:l}")]
    private static partial void LogInsecure(ILogger logger, string userId, string role);
}
