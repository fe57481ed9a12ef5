using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>Where a browser signs in at the issuer and redeems its code, as the issuer's discovery document says.</summary>
public sealed record SsoEndpoints(Uri Authorization, Uri Token);

/// <summary>
/// The SSO issuer's endpoints for the admin console, read from the discovery document the <see cref="BearerSchemes.Sso"/>
/// scheme already reads and caches (from <c>OIDC_METADATA_ADDRESS</c> when set): the console needs no discovery request of
/// its own, and its Content Security Policy can name the token endpoint's origin, which need not be the issuer's (Google's
/// is on another host).
/// </summary>
public sealed partial class SsoIssuerEndpoints(IOptionsMonitor<JwtBearerOptions> bearer, ILogger<SsoIssuerEndpoints> logger)
{
    /// <summary>The endpoints, or null when the discovery document cannot be read or names no absolute ones.</summary>
    public async Task<SsoEndpoints?> ReadAsync(CancellationToken cancellationToken)
    {
        if (bearer.Get(BearerSchemes.Sso).ConfigurationManager is not { } manager)
        {
            return null;
        }

        OpenIdConnectConfiguration discovery;
        try
        {
            discovery = await manager.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            LogDiscoveryFailed(logger, exception.GetType().Name);
            return null;
        }

        return Uri.TryCreate(discovery.AuthorizationEndpoint, UriKind.Absolute, out var authorization)
            && Uri.TryCreate(discovery.TokenEndpoint, UriKind.Absolute, out var token)
                ? new SsoEndpoints(authorization, token)
                : null;
    }

    [LoggerMessage(EventId = 1142, Level = LogLevel.Warning, Message = "The SSO issuer's discovery document cannot be read for the console ({Error:l})")]
    private static partial void LogDiscoveryFailed(ILogger logger, string error);
}
