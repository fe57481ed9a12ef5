using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Login;

/// <summary>
/// Exchanges a user id and password for a token. Brute force is slowed before any password is hashed: every
/// attempt counts against its user id and its client address (fixed windows in the shared rate limiter), and
/// one over either limit is refused with 429 until that window ends — right password or not, so a guesser
/// learns nothing and the PBKDF2 cost per client stays bounded.
/// </summary>
public sealed partial class LoginCommandHandler(
    ICredentialStore credentials,
    IPasswordHasher hasher,
    ITokenService tokens,
    IRateLimiter rateLimiter,
    IOptions<GatewayOptions> options,
    ILogger<LoginCommandHandler> logger) : ICommandHandler<LoginCommand, Result<LoginResult>>
{
    // Created user ids cannot hold ':', so these keys never meet a user's request counter.
    private const string UserKeyPrefix = "login:user:";
    private const string ClientKeyPrefix = "login:client:";

    // One message for every failure, so the answer never tells whether the user exists.
    private static readonly GatewayFailure InvalidCredentials = new(GatewayError.Unauthorized, "Invalid user id or password.");

    private readonly bool _insecureDevLogin = options.Value.InsecureDevLogin;
    private readonly int _maxAttempts = options.Value.LoginMaxAttempts;
    private readonly int _maxAttemptsPerClient = options.Value.LoginMaxAttemptsPerClient;
    private readonly TimeSpan _window = TimeSpan.FromSeconds(options.Value.LoginWindowSeconds);

    public async ValueTask<Result<LoginResult>> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        // The client first: one address spraying many user ids is stopped without counting against those users.
        var client = await rateLimiter.TryAcquireAsync(ClientKeyPrefix + (command.ClientAddress ?? "unknown"), _maxAttemptsPerClient, _window, cancellationToken);
        if (!client.Allowed)
        {
            LogThrottled(logger, "client");
            return Result<LoginResult>.FromFailure(TooManyAttempts(client));
        }

        var user = await rateLimiter.TryAcquireAsync(UserKeyPrefix + command.UserId, _maxAttempts, _window, cancellationToken);
        if (!user.Allowed)
        {
            LogThrottled(logger, "user");
            return Result<LoginResult>.FromFailure(TooManyAttempts(user));
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
            LogFailed(logger, command.UserId.Length);
            return Result<LoginResult>.FromFailure(InvalidCredentials);
        }

        // A disabled account is refused like a wrong password, after the same work: the answer never tells which.
        if (!hasher.Verify(command.Password, account.PasswordHash) || account.Disabled)
        {
            LogFailed(logger, command.UserId.Length);
            return Result<LoginResult>.FromFailure(InvalidCredentials);
        }

        return Result<LoginResult>.Success(new LoginResult(tokens.Issue(account.UserId, account.Role, account.SecurityStamp), account.Role.ToName()));
    }

    private static GatewayFailure TooManyAttempts(RateLimitDecision decision) =>
        new(GatewayError.RateLimited, "Too many login attempts; try again later.") { RetryAt = decision.ResetAt };

    private Result<LoginResult> InsecureLogin(LoginCommand command)
    {
        if (!Roles.TryParse(command.RequestedRole ?? Roles.User, out var role))
        {
            return Result<LoginResult>.FromFailure(new GatewayFailure(GatewayError.ValidationFailed, "role must be 'user' or 'admin'.")
            {
                Errors = new Dictionary<string, string[]> { ["role"] = ["role must be 'user' or 'admin'."] },
            });
        }

        LogInsecure(logger, command.UserId, role.ToName());
        return Result<LoginResult>.Success(new LoginResult(tokens.Issue(command.UserId, role, securityStamp: null), role.ToName()));
    }

    // The user id is attacker-controlled text on this path; log only its length.
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Login failed (user id length {UserIdLength})")]
    private static partial void LogFailed(ILogger logger, int userIdLength);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Login refused: too many attempts for this {Scope:l}")]
    private static partial void LogThrottled(ILogger logger, string scope);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "INSECURE_DEV_LOGIN issued a token without a password for {UserId:l} as {Role:l}")]
    private static partial void LogInsecure(ILogger logger, string userId, string role);
}
