using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// The <see cref="BearerSchemes.Sso"/> scheme: JwtBearer with the issuer as its authority, so the discovery document
/// and the signing keys (JWKS) are read and cached by JwtBearer's configuration manager, which reads them again when a
/// token names a key it has not seen (key rollover; at most once per <c>OIDC_KEY_REFRESH_SECONDS</c>) and otherwise
/// every 12 hours. Issuer, audience, lifetime and signature are checked with asymmetric algorithms only. An accepted
/// token's claims are replaced by the gateway's (<see cref="SsoClaimMapper"/>); there is no account to check it
/// against, so the security-stamp check of local tokens does not apply: an SSO user is offboarded at the issuer, and
/// its tokens end when they expire.
/// </summary>
internal sealed partial class SsoBearerSetup(IOptions<SsoOptions> sso, SsoClaimMapper mapper, ILogger<SsoBearerSetup> logger) : IConfigureNamedOptions<JwtBearerOptions>
{
    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != BearerSchemes.Sso)
        {
            return;
        }

        var settings = sso.Value;
        options.Authority = settings.Issuer;
        if (!string.IsNullOrWhiteSpace(settings.MetadataAddress))
        {
            options.MetadataAddress = settings.MetadataAddress;
        }

        options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        options.RefreshOnIssuerKeyNotFound = true;
        options.RefreshInterval = TimeSpan.FromSeconds(settings.KeyRefreshSeconds);
        options.BackchannelTimeout = TimeSpan.FromSeconds(10);
        options.MapInboundClaims = false;
        options.IncludeErrorDetails = false;
        options.TokenValidationParameters = BearerSchemes.ValidationParameters(settings.Issuer, settings.Audience, AsymmetricAlgorithms);
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = MapClaims,
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    /// <summary>
    /// After JwtBearer has made its configuration manager: without "last known good" configurations, which would keep
    /// accepting a key the issuer has withdrawn from its JWKS for up to an hour after the gateway read the new one.
    /// </summary>
    public static void ForgetWithdrawnKeys(JwtBearerOptions options)
    {
        if (options.ConfigurationManager is BaseConfigurationManager manager)
        {
            manager.UseLastKnownGoodConfiguration = false;
        }
    }

    private Task MapClaims(TokenValidatedContext context)
    {
        string? refusal = "it carries no claims";
        var identity = context.Principal is { } principal ? mapper.Map(principal, out refusal) : null;
        if (identity is null)
        {
            LogRefused(logger, refusal ?? string.Empty);
            context.Fail("The SSO token's claims are not acceptable.");
            return Task.CompletedTask;
        }

        context.Principal = new ClaimsPrincipal(identity);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1141, Level = LogLevel.Warning, Message = "SSO access token refused: {Reason:l}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
