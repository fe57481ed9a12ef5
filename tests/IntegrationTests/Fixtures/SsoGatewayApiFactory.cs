namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// A gateway that accepts the access tokens of a <see cref="TestOidcIssuer"/> besides its own: groups in <c>groups</c>
/// (<c>gw-admins</c> → admin, <c>gw-users</c> → user, anything else refused), the team in <c>team</c>, discovery over
/// plain HTTP, keys re-read at most once a second.
/// </summary>
public class SsoGatewayApiFactory : GatewayApiFactory
{
    public const string Audience = "llm-gateway-sso-tests";
    public const string AdminGroup = "gw-admins";
    public const string UserGroup = "gw-users";

    public SsoGatewayApiFactory()
        : this(TestOidcIssuer.StartAsync().GetAwaiter().GetResult())
    {
    }

    protected SsoGatewayApiFactory(TestOidcIssuer issuer, string? consoleClientId = null)
        : base(new Dictionary<string, string?>
        {
            ["OIDC_ISSUER"] = issuer.Issuer,
            ["OIDC_AUDIENCE"] = Audience,
            ["OIDC_ROLE_CLAIM"] = "groups",
            ["OIDC_ROLE_MAP"] = $"{AdminGroup}=admin; {UserGroup}=user",
            ["OIDC_TEAM_CLAIM"] = "team",
            ["OIDC_REQUIRE_HTTPS_METADATA"] = "false",
            ["OIDC_KEY_REFRESH_SECONDS"] = "1",
            ["OIDC_CONSOLE_CLIENT_ID"] = consoleClientId,
        })
    {
        Issuer = issuer;
    }

    public TestOidcIssuer Issuer { get; }

    /// <summary>An access token of the issuer for this gateway.</summary>
    public string SsoToken(string subject, string[] groups, string? team = "team-sso", Action<Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor>? customise = null) =>
        Issuer.Token(subject, groups, team, Audience, customise);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Issuer.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// An SSO gateway whose issuer has gone away before the gateway ever read its keys (the issuer's keys still sign); the
/// console is configured to sign in there.
/// </summary>
public sealed class UnreachableIssuerGatewayApiFactory() : SsoGatewayApiFactory(StoppedIssuer(), consoleClientId: "llm-gateway-console")
{
    private static TestOidcIssuer StoppedIssuer()
    {
        var issuer = TestOidcIssuer.StartAsync().GetAwaiter().GetResult();
        issuer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return issuer;
    }
}
