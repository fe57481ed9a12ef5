using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Login;

public sealed partial class LoginCommandHandler(
    ICredentialStore credentials,
    IPasswordHasher hasher,
    ITokenService tokens,
    IOptions<GatewayOptions> options,
    ILogger<LoginCommandHandler> logger) : ICommandHandler<LoginCommand, Result<LoginResult>>
{
    // One message for every failure, so the answer never tells whether the user exists.
    private static readonly GatewayFailure InvalidCredentials = new(GatewayError.Unauthorized, "Invalid user id or password.");

    private readonly bool _insecureDevLogin = options.Value.InsecureDevLogin;

    public async ValueTask<Result<LoginResult>> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
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

        if (!hasher.Verify(command.Password, account.PasswordHash))
        {
            LogFailed(logger, command.UserId.Length);
            return Result<LoginResult>.FromFailure(InvalidCredentials);
        }

        return Result<LoginResult>.Success(new LoginResult(tokens.Issue(account.UserId, account.Role), account.Role.ToName()));
    }

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
        return Result<LoginResult>.Success(new LoginResult(tokens.Issue(command.UserId, role), role.ToName()));
    }

    // The user id is attacker-controlled text on this path; log only its length.
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Login failed (user id length {UserIdLength})")]
    private static partial void LogFailed(ILogger logger, int userIdLength);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "INSECURE_DEV_LOGIN issued a token without a password for {UserId:l} as {Role:l}")]
    private static partial void LogInsecure(ILogger logger, string userId, string role);
}
