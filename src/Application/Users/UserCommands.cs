using LlmGateway.Application.Login;

namespace LlmGateway.Application.Users;

/// <summary>
/// Changes an account's role, team, or disables/enables it (null fields stay as they are). A demotion, a move to another
/// team or disabling gives the account a new security stamp: every token issued before is refused, on every instance,
/// within the credential cache's bound; its API keys follow the account (disabled: refused; demoted: capped to the new
/// role; moved: in the new team). A team admin changes only its own team's non-admin accounts, within its team.
/// </summary>
public sealed record UpdateUserCommand(Caller Caller, RequestContext Context, string UserId, string? Role, bool? Disabled, string? TeamId = null)
    : ICommand<Result<UserAccount>>, IRequiresTeamAdmin, IAccountStoreRequest, IValidatedRequest;

/// <summary>Deletes an account: its tokens are refused and its API keys revoked.</summary>
public sealed record DeleteUserCommand(Caller Caller, RequestContext Context, string UserId)
    : ICommand<Result<UserAccount>>, IRequiresTeamAdmin, IAccountStoreRequest;

/// <summary>An admin sets a user's password (forgotten, or compromised): every token of the user is refused from then on.</summary>
public sealed record ResetPasswordCommand(Caller Caller, RequestContext Context, string UserId, string NewPassword)
    : ICommand<Result<UserAccount>>, IRequiresTeamAdmin, IAccountStoreRequest, IValidatedRequest
{
    public override string ToString() => $"ResetPasswordCommand {{ UserId = {UserId} }}";
}

/// <summary>
/// A user changes their own password, proving the current one. Every token issued before is refused from then on; the
/// answer carries a fresh token, so the caller stays signed in. Attempts count like logins (per user id and window).
/// </summary>
public sealed record ChangePasswordCommand(Caller Caller, RequestContext Context, string CurrentPassword, string NewPassword)
    : ICommand<Result<LoginResult>>, IRequiresUser, IAccountStoreRequest, IValidatedRequest
{
    public override string ToString() => $"ChangePasswordCommand {{ UserId = {Caller.UserId} }}";
}
