namespace LlmGateway.Application.Users;

/// <param name="TeamId">Null: the caller's team for a team admin, <c>default</c> for an admin.</param>
public sealed record CreateUserCommand(Caller Caller, RequestContext Context, string UserId, string Password, string Role, string? TeamId = null)
    : ICommand<Result<CreatedUser>>, IRequiresTeamAdmin, IAccountStoreRequest, IValidatedRequest
{
    // The password stays out of ToString(), and so out of any log or exception that prints the command.
    public override string ToString() => $"CreateUserCommand {{ UserId = {UserId}, Role = {Role}, TeamId = {TeamId} }}";
}

public sealed record CreatedUser(string UserId, string Role, DateTimeOffset CreatedAt, string TeamId = Teams.TeamIds.Default);
