using LlmGateway.Application;
using LlmGateway.Infrastructure.Auth;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace LlmGateway.UnitTests.Infrastructure.Auth;

public class SecurityOptionsValidatorTests
{
    private const string GoodSecret = "0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("")]
    public void ValidateJwt_NoSecretOutsideDevelopment_FailsNamingJwtSecret(string environment)
    {
        var result = Validator(environment).Validate(null, new JwtOptions { Secret = null });

        Assert.True(result.Failed);
        Assert.Contains("JWT_SECRET", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ValidateJwt_NoSecretInDevelopment_Succeeds(string? secret)
    {
        var result = Validator(Environments.Development).Validate(null, new JwtOptions { Secret = secret });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcde", false)] // 31 bytes
    [InlineData(GoodSecret, true)] // 32 bytes
    [InlineData("éééééééééééééééé", true)] // 16 characters, 32 UTF-8 bytes
    [InlineData("ééééééééééééééé", false)] // 15 characters, 30 UTF-8 bytes
    public void ValidateJwt_SecretLength_AtLeast32BytesInEveryEnvironment(string secret, bool valid)
    {
        foreach (var environment in new[] { Environments.Development, Environments.Production })
        {
            var result = Validator(environment).Validate(null, new JwtOptions { Secret = secret });

            Assert.Equal(valid, result.Succeeded);
            if (!valid)
            {
                Assert.Contains("JWT_SECRET", result.FailureMessage, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1440, true)]
    [InlineData(1441, false)]
    public void ValidateJwt_ExpiryMinutes_Between1And1440(int minutes, bool valid)
    {
        var result = Validator(Environments.Production).Validate(null, new JwtOptions { Secret = GoodSecret, ExpiryMinutes = minutes });

        Assert.Equal(valid, result.Succeeded);
    }

    [Theory]
    [InlineData("", "llm-gateway", "JWT_ISSUER")]
    [InlineData("llm-gateway", " ", "JWT_AUDIENCE")]
    public void ValidateJwt_BlankIssuerOrAudience_FailsNamingTheVariable(string issuer, string audience, string variable)
    {
        var result = Validator(Environments.Production).Validate(null, new JwtOptions { Secret = GoodSecret, Issuer = issuer, Audience = audience });

        Assert.True(result.Failed);
        Assert.Contains(variable, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", true, false)]
    [InlineData("Staging", true, false)]
    [InlineData("Development", true, true)]
    [InlineData("Production", false, true)]
    public void ValidateGateway_InsecureDevLogin_RefusedOutsideDevelopment(string environment, bool insecureDevLogin, bool valid)
    {
        var result = Validator(environment).Validate(null, new GatewayOptions { InsecureDevLogin = insecureDevLogin });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("INSECURE_DEV_LOGIN", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("admin", null, false)]
    [InlineData("admin", "", false)]
    [InlineData(null, "a long enough password", false)]
    [InlineData("admin", "short", false)]
    [InlineData("admin", "a long enough password", true)]
    [InlineData(null, null, true)]
    public void ValidateBootstrapAdmin_UserAndPassword_SetTogetherWithALongPassword(string? userId, string? password, bool valid)
    {
        var result = Validator(Environments.Production).Validate(null, new BootstrapAdminOptions { UserId = userId, Password = password });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("ADMIN_PASSWORD", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ValidateSso_NoIssuer_SucceedsWhateverElseIsSet()
    {
        var result = Validator(Environments.Production).Validate(null, new SsoOptions { RoleMap = "nonsense", KeyRefreshSeconds = 0 });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void ValidateSso_ConsoleClientWithoutIssuer_FailsNamingBoth()
    {
        var result = Validator(Environments.Production).Validate(null, new SsoOptions { ConsoleClientId = "gateway-console" });

        Assert.True(result.Failed);
        Assert.Contains("OIDC_CONSOLE_CLIENT_ID needs OIDC_ISSUER", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSso_Complete_Succeeds()
    {
        var result = Validator(Environments.Production).Validate(null, Sso());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("http issuer", "OIDC_ISSUER")]
    [InlineData("relative issuer", "OIDC_ISSUER")]
    [InlineData("http metadata", "OIDC_METADATA_ADDRESS")]
    [InlineData("no audience", "OIDC_AUDIENCE")]
    [InlineData("bad map", "OIDC_ROLE_MAP")]
    [InlineData("empty map, refuse unmapped", "OIDC_ROLE_MAP")]
    [InlineData("unmapped admin", "OIDC_UNMAPPED_ROLE")]
    [InlineData("refresh 0", "OIDC_KEY_REFRESH_SECONDS")]
    [InlineData("empty role claim", "OIDC_ROLE_CLAIM")]
    [InlineData("console client, empty scope", "OIDC_CONSOLE_SCOPE")]
    public void ValidateSso_Defect_FailsNamingTheVariable(string defect, string variable)
    {
        var options = Sso();
        switch (defect)
        {
            case "http issuer": options.Issuer = "http://login.example.com"; break;
            case "relative issuer": options.Issuer = "login.example.com"; break;
            case "http metadata": options.MetadataAddress = "http://idp.internal/.well-known/openid-configuration"; break;
            case "no audience": options.Audience = " "; break;
            case "bad map": options.RoleMap = "staff=owner"; break;
            case "empty map, refuse unmapped": options.RoleMap = null; break;
            case "unmapped admin": options.UnmappedRole = "admin"; break;
            case "refresh 0": options.KeyRefreshSeconds = 0; break;
            case "empty role claim": options.RoleClaim = ""; break;
            case "console client, empty scope": (options.ConsoleClientId, options.ConsoleScope) = ("gateway-console", " "); break;
        }

        var result = Validator(Environments.Production).Validate(null, options);

        Assert.True(result.Failed, defect);
        Assert.Contains(variable, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSso_HttpAllowedExplicitly_AcceptsHttpIssuerAndMetadata()
    {
        var options = Sso();
        options.Issuer = "http://127.0.0.1:5001";
        options.MetadataAddress = "http://127.0.0.1:5001/.well-known/openid-configuration";
        options.RequireHttpsMetadata = false;

        var result = Validator(Environments.Production).Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void ValidateSso_EmptyMapButUnmappedIsUser_Succeeds()
    {
        var options = Sso();
        options.RoleMap = null;
        options.UnmappedRole = "user";

        Assert.True(Validator(Environments.Production).Validate(null, options).Succeeded);
    }

    private static SsoOptions Sso() => new()
    {
        Issuer = "https://login.example.com/realms/staff",
        Audience = "llm-gateway",
        RoleMap = "gw-admins=admin;gw-users=user",
    };

    private static SecurityOptionsValidator Validator(string environment) => new(new FakeHostEnvironment(environment));

    private sealed class FakeHostEnvironment(string environmentName) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = environmentName;

        public string ApplicationName { get; set; } = "LlmGateway.UnitTests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
