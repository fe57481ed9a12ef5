namespace LlmGateway.Application.Users;

public sealed record CreateUserCommand(Caller Caller, RequestContext Context, string UserId, string Password, string Role)
    : ICommand<Result<CreatedUser>>, IAuthorizedRequest, IStoreRequest, IValidatedRequest
{
    public static Role RequiredRole => Domain.Role.Admin;

    public static string Store => "account";

    // The password stays out of ToString(), and so out of any log or exception that prints the command.
    public override string ToString() => $"CreateUserCommand {{ UserId = {UserId}, Role = {Role} }}";
}

public sealed record CreatedUser(string UserId, string Role, DateTimeOffset CreatedAt);
