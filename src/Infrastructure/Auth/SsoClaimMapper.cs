using System.Collections.Frozen;
using System.Security.Claims;
using LlmGateway.Domain;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// Turns the claims of a validated SSO access token into the gateway's own: <c>sub</c> becomes <c>sso:{sub}</c> (local
/// user ids cannot contain <c>:</c>, so an SSO caller is never taken for a local account, nor checked against one),
/// the role claim's values are mapped through <c>OIDC_ROLE_MAP</c> (the highest mapped role wins), the team claim's
/// value becomes <c>team_id</c>. Every other claim of the issuer is dropped.
/// </summary>
public sealed class SsoClaimMapper
{
    public const string SubjectPrefix = "sso:";

    /// <summary>Longer subjects or team names are refused rather than carried into logs and rate-limit keys.</summary>
    public const int MaxValueLength = 256;

    private readonly FrozenDictionary<string, Role> _roles;
    private readonly Role? _unmapped;
    private readonly string _roleClaim;
    private readonly string? _teamClaim;

    public SsoClaimMapper(IOptions<SsoOptions> options)
    {
        var sso = options.Value;
        if (!sso.TryParseRoleMap(out _roles, out var error))
        {
            throw new InvalidOperationException(error); // start-up validation has refused it already
        }

        _unmapped = Roles.TryParse(sso.UnmappedRole, out var role) ? role : null;
        _roleClaim = sso.RoleClaim;
        _teamClaim = string.IsNullOrWhiteSpace(sso.TeamClaim) ? null : sso.TeamClaim;
    }

    /// <summary>The gateway's identity for <paramref name="principal"/>, or null and why it is refused.</summary>
    public ClaimsIdentity? Map(ClaimsPrincipal principal, out string? refusal)
    {
        string? subject = null;
        string? team = null;
        Role? role = null;
        var roleValues = 0;
        foreach (var claim in principal.Claims)
        {
            if (claim.Type == TokenClaims.Subject)
            {
                subject ??= claim.Value;
            }
            else if (claim.Type == _roleClaim)
            {
                roleValues++;
                if (_roles.TryGetValue(claim.Value, out var mapped) && (role is null || mapped.Rank() > role.Value.Rank()))
                {
                    role = mapped;
                }
            }
            else if (claim.Type == _teamClaim)
            {
                team ??= claim.Value;
            }
        }

        refusal = !IsAcceptable(subject) ? "it names no acceptable subject"
            : role is null && _unmapped is null ? $"none of its {roleValues} {_roleClaim} values is mapped to a gateway role"
            : _teamClaim is not null && !IsAcceptable(team) ? $"it carries no acceptable {_teamClaim} claim"
            : null;
        if (refusal is not null)
        {
            return null;
        }

        var claims = new List<Claim>(3)
        {
            new(TokenClaims.Subject, SubjectPrefix + subject),
            new(TokenClaims.Role, (role ?? _unmapped!.Value).ToName()),
        };
        if (team is not null)
        {
            claims.Add(new Claim(TokenClaims.Team, team));
        }

        return new ClaimsIdentity(claims, BearerSchemes.Sso, TokenClaims.Subject, TokenClaims.Role);
    }

    private static bool IsAcceptable(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxValueLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
