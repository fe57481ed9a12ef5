using System.Text;
using LlmGateway.Application;
using LlmGateway.Application.Users;
using LlmGateway.Infrastructure.Redis;
using Microsoft.Extensions.Hosting;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// The security settings checked before the gateway accepts a request. Every message names the environment
/// variable to fix. Anything but Development counts as production: a forgotten variable must not open a hole.
/// </summary>
internal sealed class SecurityOptionsValidator(IHostEnvironment environment)
    : IValidateOptions<JwtOptions>, IValidateOptions<BootstrapAdminOptions>, IValidateOptions<GatewayOptions>, IValidateOptions<RedisOptions>,
      IValidateOptions<SsoOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.Secret))
        {
            if (!environment.IsDevelopment())
            {
                failures.Add($"JWT_SECRET is required outside Development (environment '{environment.EnvironmentName}'): set it to a random value of at least {JwtOptions.MinimumSecretBytes} bytes.");
            }
        }
        else if (Encoding.UTF8.GetByteCount(options.Secret) < JwtOptions.MinimumSecretBytes)
        {
            failures.Add($"JWT_SECRET must be at least {JwtOptions.MinimumSecretBytes} bytes long.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("JWT_ISSUER must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("JWT_AUDIENCE must not be empty.");
        }

        if (options.ExpiryMinutes is < 1 or > 1440)
        {
            failures.Add("JWT_EXPIRY_MINUTES must be between 1 and 1440.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, BootstrapAdminOptions options)
    {
        var hasUser = !string.IsNullOrWhiteSpace(options.UserId);
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        if (hasUser != hasPassword)
        {
            return ValidateOptionsResult.Fail("ADMIN_USER_ID and ADMIN_PASSWORD must be set together (or both left unset for no admin account).");
        }

        if (hasPassword && options.Password!.Length < CreateUserCommandValidator.MinimumPasswordLength)
        {
            return ValidateOptionsResult.Fail($"ADMIN_PASSWORD must be at least {CreateUserCommandValidator.MinimumPasswordLength} characters.");
        }

        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
        options.InsecureDevLogin && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail($"INSECURE_DEV_LOGIN=true is refused outside Development (environment '{environment.EnvironmentName}').")
            : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add("REDIS_PORT must be between 1 and 65535.");
        }

        if (options.TimeoutMilliseconds is < 10 or > 10_000)
        {
            failures.Add("REDIS_TIMEOUT_MS must be between 10 and 10000.");
        }

        if (options.PolicyRefreshSeconds is < 1 or > 3600)
        {
            failures.Add("POLICY_REFRESH_SECONDS must be between 1 and 3600.");
        }

        if (options.CredentialCacheMilliseconds is < 0 or > RedisOptions.MaxCredentialCacheMilliseconds)
        {
            failures.Add($"CREDENTIAL_CACHE_MILLISECONDS must be between 0 and {RedisOptions.MaxCredentialCacheMilliseconds}.");
        }

        if (!string.IsNullOrWhiteSpace(options.Configuration))
        {
            try
            {
                StackExchange.Redis.ConfigurationOptions.Parse(options.Configuration);
            }
            catch (ArgumentException)
            {
                failures.Add("REDIS_CONFIGURATION is not a valid StackExchange.Redis configuration string.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, SsoOptions options)
    {
        if (!options.IsEnabled)
        {
            return string.IsNullOrWhiteSpace(options.ConsoleClientId)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("OIDC_CONSOLE_CLIENT_ID needs OIDC_ISSUER: the issuer the console signs in with.");
        }

        var failures = new List<string>();
        var https = options.RequireHttpsMetadata;
        if (!IsUrl(options.Issuer, https))
        {
            failures.Add(https
                ? "OIDC_ISSUER must be an absolute https URL (OIDC_REQUIRE_HTTPS_METADATA=false allows http, for tests and development only)."
                : "OIDC_ISSUER must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.MetadataAddress) && !IsUrl(options.MetadataAddress, https))
        {
            failures.Add(https ? "OIDC_METADATA_ADDRESS must be an absolute https URL." : "OIDC_METADATA_ADDRESS must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("OIDC_AUDIENCE is required with OIDC_ISSUER: the audience the issuer puts in access tokens meant for the gateway.");
        }

        if (string.IsNullOrWhiteSpace(options.RoleClaim))
        {
            failures.Add("OIDC_ROLE_CLAIM must not be empty.");
        }

        if (!options.TryParseRoleMap(out var map, out var mapError))
        {
            failures.Add(mapError!);
        }

        if (options.UnmappedRole is not (SsoOptions.RefuseUnmapped or LlmGateway.Domain.Roles.User))
        {
            failures.Add($"OIDC_UNMAPPED_ROLE must be '{SsoOptions.RefuseUnmapped}' or '{LlmGateway.Domain.Roles.User}'.");
        }
        else if (map.Count == 0 && options.UnmappedRole == SsoOptions.RefuseUnmapped)
        {
            failures.Add("OIDC_ROLE_MAP is empty and OIDC_UNMAPPED_ROLE is 'refuse': no SSO token could ever be accepted.");
        }

        if (options.IsConsoleEnabled && string.IsNullOrWhiteSpace(options.ConsoleScope))
        {
            failures.Add("OIDC_CONSOLE_SCOPE must not be empty: the scopes that get the console an access token for OIDC_AUDIENCE.");
        }

        if (options.KeyRefreshSeconds is < 1 or > 86400)
        {
            failures.Add("OIDC_KEY_REFRESH_SECONDS must be between 1 and 86400.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsUrl(string? value, bool httpsOnly) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (!httpsOnly && uri.Scheme == Uri.UriSchemeHttp));
}
