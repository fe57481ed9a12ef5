using LlmGateway.Application.Teams;

namespace LlmGateway.Application.Users;

public sealed partial class CreateUserCommandHandler(
    ICredentialStore credentials,
    ITeamStore teams,
    IPasswordHasher hasher,
    TimeProvider time,
    ILogger<CreateUserCommandHandler> logger) : ICommandHandler<CreateUserCommand, Result<CreatedUser>>
{
    public async ValueTask<Result<CreatedUser>> Handle(CreateUserCommand command, CancellationToken cancellationToken)
    {
        var role = Roles.TryParse(command.Role, out var parsed) ? parsed : Role.User; // the validator has checked it
        var teamId = command.TeamId ?? (command.Caller.Role == Role.Admin ? TeamIds.Default : command.Caller.TeamId);
        if (UserFailures.RefusedToTeamAdmin(command.Caller, null, role, teamId) is { } refused)
        {
            return Result<CreatedUser>.FromFailure(refused);
        }

        if (await teams.FindAsync(teamId, cancellationToken) is null)
        {
            return Result<CreatedUser>.FromFailure(UserFailures.UnknownTeam());
        }

        var account = new UserAccount(command.UserId, hasher.Hash(command.Password), role, time.GetUtcNow(), SecurityStamps.New(), TeamId: teamId);
        if (!await credentials.TryAddAsync(account, cancellationToken))
        {
            return Result<CreatedUser>.FromFailure(new GatewayFailure(GatewayError.Conflict, "A user with this user_id already exists."));
        }

        LogCreated(logger, account.UserId, command.Role, teamId, command.Caller.UserId);
        return Result<CreatedUser>.Success(new CreatedUser(account.UserId, role.ToName(), account.CreatedAt, teamId));
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "User {NewUserId:l} created with role {Role:l} in team {TeamId:l} by {AdminUserId:l}")]
    private static partial void LogCreated(ILogger logger, string newUserId, string role, string teamId, string adminUserId);
}
