using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.IntegrationTests.Fixtures;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// Single sign-on (docs/security.md): access tokens of an OpenID Connect issuer — discovery and keys read over HTTP
/// from a test issuer — are accepted next to the gateway's own tokens, with the issuer's groups and team mapped to the
/// gateway's role and team, and every defective one refused with the gateway's usual 401.
/// </summary>
public sealed class SsoTests(SsoGatewayApiFactory factory) : IClassFixture<SsoGatewayApiFactory>
{
    private static string NewSubject() => $"sso-user-{Guid.NewGuid():N}";

    private static string Prompt() => $"sso {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";

    [Fact]
    public async Task Generate_TokenOfTheIssuerWithAMappedGroup_IsAcceptedAsAnSsoCallerWithItsRoleAndTeam()
    {
        var subject = NewSubject();
        using var client = factory.CreateClientWithToken(factory.SsoToken(subject, ["unrelated-group", SsoGatewayApiFactory.UserGroup], team: "team-research"));

        using (var generate = await client.PostGenerateAsync(Prompt()))
        {
            await generate.ReadJsonAsync(HttpStatusCode.OK);
        }

        var caller = await ProbeAsync(client);
        Assert.Equal($"sso:{subject}", caller.GetProperty("user_id").GetString());
        Assert.Equal("user", caller.GetProperty("role").GetString());
        Assert.Equal("team-research", caller.GetProperty("team_id").GetString());
    }

    [Fact]
    public async Task AdminEndpoints_TokenInTheAdminGroup_AreServedAndActionsAreRecordedUnderTheSsoIdentity()
    {
        var subject = NewSubject();
        using var admin = factory.CreateClientWithToken(factory.SsoToken(subject, [SsoGatewayApiFactory.UserGroup, SsoGatewayApiFactory.AdminGroup]));

        using (var users = await admin.GetAsync("/admin/users"))
        {
            await users.ReadJsonAsync(HttpStatusCode.OK);
        }

        var term = $"sso-term-{Guid.NewGuid():N}";
        var version = await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add(term));
        using var history = await admin.GetAsync("/admin/policy/history");
        var entries = (await history.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("versions");
        var published = entries.EnumerateArray().Single(v => v.GetProperty("version").GetInt64() == version);
        Assert.Equal($"sso:{subject}", published.GetProperty("updated_by").GetString());
    }

    [Fact]
    public async Task AdminEndpoints_TokenInTheUserGroup_Return403()
    {
        using var user = factory.CreateClientWithToken(factory.SsoToken(NewSubject(), [SsoGatewayApiFactory.UserGroup]));

        using var list = await user.GetAsync("/admin/users");
        using var create = await user.PostAsJsonAsync("/admin/users", new { user_id = "made-by-sso-user", password = "a-long-enough-password", role = "admin" });

        await list.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await create.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AdminEndpoints_SsoSubjectNamedLikeTheLocalAdmin_GetsOnlyItsMappedRole()
    {
        // The issuer's "bootstrap-admin" is not the gateway's: it is sso:bootstrap-admin, with the role its groups give.
        using var client = factory.CreateClientWithToken(factory.SsoToken(GatewayApiFactory.AdminUserId, [SsoGatewayApiFactory.UserGroup]));

        using var list = await client.GetAsync("/admin/users");

        await list.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal($"sso:{GatewayApiFactory.AdminUserId}", (await ProbeAsync(client)).GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task Generate_LocalTokensAndKeys_StillWorkBesideSso()
    {
        using var local = factory.CreateUserClient();
        using var admin = factory.CreateAdminClient();
        var userId = await admin.CreateUserAsync();
        using var keyed = factory.CreateClientWithToken((await admin.MintKeyAsync(userId)).Key());

        using var byToken = await local.PostGenerateAsync(Prompt());
        using var byKey = await keyed.PostGenerateAsync(Prompt());

        await byToken.ReadJsonAsync(HttpStatusCode.OK);
        await byKey.ReadJsonAsync(HttpStatusCode.OK);
    }

    public static TheoryData<string> RefusedTokens =>
    [
        "wrong issuer",
        "wrong audience",
        "expired",
        "signed by a key the issuer never published",
        "payload edited after signing",
        "HS256 with the gateway's secret claiming the SSO issuer",
        "issuer's key claiming the gateway's own issuer",
        "no mapped group",
        "no groups",
        "no team",
        "no subject",
        "alg none",
    ];

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task Generate_DefectiveSsoToken_Returns401InTheGatewaysShape(string scenario)
    {
        var subject = NewSubject();
        string[] admins = [SsoGatewayApiFactory.AdminGroup];
        var now = DateTime.UtcNow;
        var token = scenario switch
        {
            "wrong issuer" => factory.SsoToken(subject, admins, customise: d => d.Issuer = factory.Issuer.Issuer + "/other"),
            "wrong audience" => factory.Issuer.Token(subject, admins, "team-sso", "another-api"),
            "expired" => factory.SsoToken(subject, admins, customise: d => (d.IssuedAt, d.NotBefore, d.Expires) = (now.AddMinutes(-10), now.AddMinutes(-10), now.AddMinutes(-2))),
            "signed by a key the issuer never published" => factory.SsoToken(subject, admins, customise: d => d.SigningCredentials = new SigningCredentials(TestOidcIssuer.NewKey(), SecurityAlgorithms.RsaSha256)),
            "payload edited after signing" => EditedToAdmin(factory.SsoToken(subject, [SsoGatewayApiFactory.UserGroup])),
            "HS256 with the gateway's secret claiming the SSO issuer" => TestTokens.Create($"sso:{subject}", "admin", d => d.Issuer = factory.Issuer.Issuer, stamp: null),
            "issuer's key claiming the gateway's own issuer" => factory.SsoToken(subject, admins, customise: d => (d.Issuer, d.Audience) = (GatewayApiFactory.JwtIssuer, GatewayApiFactory.JwtAudience)),
            "no mapped group" => factory.SsoToken(subject, ["gw-admins-lookalike", "GW-ADMINS"]),
            "no groups" => factory.SsoToken(subject, []),
            "no team" => factory.SsoToken(subject, admins, team: null),
            "no subject" => factory.SsoToken(string.Empty, admins),
            "alg none" => Unsigned(factory.SsoToken(subject, admins)),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown scenario."),
        };
        using var client = factory.CreateClientWithToken(token);

        using var generate = await client.PostGenerateAsync(Prompt());
        using var admin = await client.GetAsync("/admin/users");

        await generate.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await admin.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains(generate.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Generate_IssuerRollsItsKeyOver_TokensOfTheNewKeyAreAcceptedAndOfTheOldOneRefused()
    {
        var subject = NewSubject();
        using (var before = factory.CreateClientWithToken(factory.SsoToken(subject, [SsoGatewayApiFactory.UserGroup])))
        using (var accepted = await before.PostGenerateAsync(Prompt()))
        {
            await accepted.ReadJsonAsync(HttpStatusCode.OK);
        }

        var oldKey = factory.Issuer.RotateKey();
        var fetchesBefore = factory.Issuer.JwksRequests;
        var newToken = factory.SsoToken(subject, [SsoGatewayApiFactory.UserGroup]);
        var oldToken = factory.SsoToken(subject, [SsoGatewayApiFactory.UserGroup], customise: d => d.SigningCredentials = new SigningCredentials(oldKey, SecurityAlgorithms.RsaSha256));

        // The first token naming the new key has the gateway read the JWKS again (at most once per OIDC_KEY_REFRESH_SECONDS).
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var client = factory.CreateClientWithToken(newToken);
                using var response = await client.PostGenerateAsync(Prompt());
                return response.StatusCode == HttpStatusCode.OK;
            },
            TimeSpan.FromSeconds(10),
            "a token signed with the issuer's new key was never accepted",
            TimeSpan.FromMilliseconds(250));
        Assert.True(factory.Issuer.JwksRequests > fetchesBefore, "The JWKS was not read again after the rollover.");

        using var old = factory.CreateClientWithToken(oldToken);
        using var refused = await old.PostGenerateAsync(Prompt());
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AuthSso_NoConsoleClientConfigured_404AndTheConsoleOffersNoSingleSignOn()
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync("/auth/sso");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>GET /me: the caller the gateway builds for the client's credential.</summary>
    private static async Task<JsonElement> ProbeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/me");
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The token's payload under an <c>alg: none</c> header, without a signature.</summary>
    private static string Unsigned(string token) =>
        $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{token.Split('.')[1]}.";

    private static string EditedToAdmin(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["groups"] = new JsonArray(SsoGatewayApiFactory.AdminGroup);
        return string.Join('.', parts[0], Base64UrlEncoder.Encode(payload.ToJsonString()), parts[2]);
    }
}

/// <summary>An issuer that cannot be reached costs its own tokens a 401, never a failure of the gateway.</summary>
public sealed class SsoIssuerUnreachableTests(UnreachableIssuerGatewayApiFactory factory) : IClassFixture<UnreachableIssuerGatewayApiFactory>
{
    [Fact]
    public async Task Generate_IssuerUnreachableBeforeItsKeysWereRead_SsoTokensGet401AndLocalTokensStillWork()
    {
        using var sso = factory.CreateClientWithToken(factory.SsoToken($"sso-user-{Guid.NewGuid():N}", [SsoGatewayApiFactory.UserGroup]));
        using var local = factory.CreateUserClient();

        using var refused = await sso.PostGenerateAsync($"sso {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        using var served = await local.PostGenerateAsync($"local {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");

        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await served.ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AuthSso_IssuerDiscoveryUnreadable_503NotEndpointsGuessedFromTheIssuer()
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync("/auth/sso");

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "issuer_unavailable");
    }
}
