namespace LlmGateway.Application.Ports;

/// <summary>Issues signed access tokens.</summary>
public interface ITokenService
{
    /// <param name="securityStamp">The account's <see cref="UserAccount.SecurityStamp"/>; null only for the insecure development login, which has no account.</param>
    AccessToken Issue(string userId, Role role, string? securityStamp);
}

/// <param name="ExpiresIn">Lifetime from issue, in seconds.</param>
public sealed record AccessToken(string Token, int ExpiresIn);

/// <summary>The claims every gateway credential — access token or API key — carries, as the edge reads them.</summary>
public static class TokenClaims
{
    /// <summary>The user id (JWT <c>sub</c>).</summary>
    public const string Subject = "sub";

    /// <summary>Exactly one role name (<see cref="Roles"/>).</summary>
    public const string Role = "role";

    /// <summary>The account's security stamp when the token was issued (<see cref="UserAccount.SecurityStamp"/>).</summary>
    public const string SecurityStamp = "stamp";

    /// <summary>The caller's team (<see cref="Caller.TeamId"/>); absent: the default team.</summary>
    public const string TeamId = "team_id";
}
