using System.Collections.Frozen;
using LlmGateway.Domain;
using Microsoft.Extensions.Configuration;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// Single sign-on: access tokens of one OpenID Connect issuer, accepted besides the gateway's own tokens and API keys
/// (docs/security.md, "Single sign-on"). Flat environment names at the configuration root; <c>OIDC_ISSUER</c> unset
/// turns it off.
/// </summary>
public sealed class SsoOptions
{
    public const string RefuseUnmapped = "refuse";

    /// <summary>The issuer exactly as its tokens say it in <c>iss</c>; also the authority whose discovery document is read.</summary>
    [ConfigurationKeyName("OIDC_ISSUER")]
    public string? Issuer { get; set; }

    /// <summary>Where to read the discovery document instead of <c>{issuer}/.well-known/openid-configuration</c>.</summary>
    [ConfigurationKeyName("OIDC_METADATA_ADDRESS")]
    public string? MetadataAddress { get; set; }

    [ConfigurationKeyName("OIDC_AUDIENCE")]
    public string? Audience { get; set; }

    /// <summary>The claim holding the user's roles or groups: one string or an array of strings.</summary>
    [ConfigurationKeyName("OIDC_ROLE_CLAIM")]
    public string RoleClaim { get; set; } = "roles";

    /// <summary><c>value=role;value=role</c>: claim values to gateway role names.</summary>
    [ConfigurationKeyName("OIDC_ROLE_MAP")]
    public string? RoleMap { get; set; }

    /// <summary><c>refuse</c>: a token none of whose role values is mapped is refused; a role name: it gets that role.</summary>
    [ConfigurationKeyName("OIDC_UNMAPPED_ROLE")]
    public string UnmappedRole { get; set; } = RefuseUnmapped;

    /// <summary>The claim whose value becomes the caller's team; unset: SSO callers are in the default team.</summary>
    [ConfigurationKeyName("OIDC_TEAM_CLAIM")]
    public string? TeamClaim { get; set; }

    /// <summary>false allows discovery and keys over plain HTTP: for tests and development only.</summary>
    [ConfigurationKeyName("OIDC_REQUIRE_HTTPS_METADATA")]
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The shortest time between two reads of the issuer's keys when a token names a key not seen yet.</summary>
    [ConfigurationKeyName("OIDC_KEY_REFRESH_SECONDS")]
    public int KeyRefreshSeconds { get; set; } = 300;

    /// <summary>
    /// The admin console's client id at the issuer: a public client (authorization code with PKCE, no secret) whose redirect
    /// URI is the gateway's <c>/console/sso.html</c>. Unset: the console offers no single sign-on.
    /// </summary>
    [ConfigurationKeyName("OIDC_CONSOLE_CLIENT_ID")]
    public string? ConsoleClientId { get; set; }

    /// <summary>The scopes the console asks for; the issuer must answer them with an access token for <see cref="Audience"/>.</summary>
    [ConfigurationKeyName("OIDC_CONSOLE_SCOPE")]
    public string ConsoleScope { get; set; } = "openid";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Issuer);

    public bool IsConsoleEnabled => IsEnabled && !string.IsNullOrWhiteSpace(ConsoleClientId);

    /// <summary>
    /// Parses <see cref="RoleMap"/>: entries separated by <c>;</c>, each split at its last <c>=</c> (a group name may
    /// contain <c>=</c> or <c>,</c>, as an LDAP DN does; a role name never does). Values are matched exactly.
    /// </summary>
    public bool TryParseRoleMap(out FrozenDictionary<string, Role> map, out string? error)
    {
        var entries = new Dictionary<string, Role>(StringComparer.Ordinal);
        foreach (var raw in (RoleMap ?? string.Empty).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = raw.LastIndexOf('=');
            var value = equals > 0 ? raw[..equals].Trim() : string.Empty;
            var roleName = equals > 0 ? raw[(equals + 1)..].Trim() : string.Empty;
            if (value.Length == 0 || !Roles.TryParse(roleName, out var role))
            {
                map = FrozenDictionary<string, Role>.Empty;
                error = $"OIDC_ROLE_MAP entry '{raw}' is not 'claim value=role' with a gateway role name.";
                return false;
            }

            if (!entries.TryAdd(value, role))
            {
                map = FrozenDictionary<string, Role>.Empty;
                error = $"OIDC_ROLE_MAP maps '{value}' twice.";
                return false;
            }
        }

        map = entries.ToFrozenDictionary(StringComparer.Ordinal);
        error = null;
        return true;
    }
}
