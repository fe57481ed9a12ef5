using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;

namespace LlmGateway.Application.Login;

/// <param name="Password">Null only in the insecure development login, where <paramref name="RequestedRole"/> is honoured.</param>
public sealed record LoginCommand(string UserId, string? Password, string? RequestedRole)
    : ICommand<Result<LoginResult>>, IValidatedRequest;

public sealed record LoginResult(AccessToken Token, string Role);
