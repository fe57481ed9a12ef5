using LlmGateway.Domain;

namespace LlmGateway.Application.Ports;

/// <summary>Issues signed access tokens.</summary>
public interface ITokenService
{
    AccessToken Issue(string userId, Role role);
}

/// <param name="ExpiresIn">Lifetime from issue, in seconds.</param>
public sealed record AccessToken(string Token, int ExpiresIn);
