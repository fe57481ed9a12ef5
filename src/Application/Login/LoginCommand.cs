namespace LlmGateway.Application.Login;

/// <param name="Password">Null only in the insecure development login, where <paramref name="RequestedRole"/> is honoured.</param>
/// <param name="ClientAddress">The caller's network address, for the per-client attempt limit; null when unknown.</param>
public sealed record LoginCommand(string UserId, string? Password, string? RequestedRole, string? ClientAddress = null)
    : ICommand<Result<LoginResult>>, IValidatedRequest;

public sealed record LoginResult(AccessToken Token, string Role);
