using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// Gateway API keys (issue 5): minted by admins, shown once, stored hashed, revocable, bound to a user and role,
/// sent as Authorization: Bearer where JWTs also keep working.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class ApiKeyTests(GatewayApiFactory factory)
{
    [Fact]
    public async Task MintedKey_AsBearerOnGenerate_Returns200AsTheKeysUser()
    {
        using var admin = factory.CreateAdminClient();
        var userId = await admin.CreateUserAsync();

        using var response = await admin.PostAsJsonAsync("/admin/keys", new { user_id = userId, name = "billing service" });
        var minted = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/admin/keys/{minted.Id()}", response.Headers.Location?.OriginalString);
        Assert.Matches(@"^gk_[0-9a-f]{16}_[0-9A-Za-z]{43}\z", minted.Key());
        Assert.StartsWith($"gk_{minted.Id()}_", minted.Key(), StringComparison.Ordinal);
        Assert.Equal((userId, "user", "billing service"), (minted.GetProperty("user_id").GetString(), minted.GetProperty("role").GetString(), minted.GetProperty("name").GetString()));
        Assert.Equal(minted.Key()[^4..], minted.GetProperty("last_four").GetString());

        using var service = factory.CreateClientWithToken(minted.Key());
        using var generated = await service.PostGenerateAsync(Prompt("via a key"));
        await generated.ReadJsonAsync(HttpStatusCode.OK);

        // The key's requests count as its user's: a JWT of the same user continues the same rate-limit window.
        using var withJwt = factory.CreateClientFor(userId, "user");
        using var viaJwt = await withJwt.PostGenerateAsync(Prompt("via a JWT"));
        await viaJwt.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(generated.LongHeader("X-RateLimit-Remaining") - 1, viaJwt.LongHeader("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task ListAndGet_AfterMinting_ShowTheMetadataButNeverTheKey()
    {
        using var admin = factory.CreateAdminClient();
        var userId = await admin.CreateUserAsync();
        var minted = await admin.MintKeyAsync(userId, name: "listing check");
        var secret = minted.Key()[20..];

        var (body, entry) = await admin.ListKeysAsync(minted.Id());

        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        var listed = Assert.NotNull(entry);
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.Equal(userId, listed.GetProperty("user_id").GetString());
        Assert.Equal("user", listed.GetProperty("role").GetString());
        Assert.Equal("listing check", listed.GetProperty("name").GetString());
        Assert.Equal(minted.GetProperty("created_by").GetString(), listed.GetProperty("created_by").GetString());
        Assert.Equal(minted.GetProperty("created_at").GetDateTimeOffset(), listed.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal(minted.Key()[^4..], listed.GetProperty("last_four").GetString());
        Assert.False(listed.GetProperty("revoked").GetBoolean());

        using var one = await admin.GetAsync($"/admin/keys/{minted.Id()}");
        var oneBody = await one.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.DoesNotContain(secret, oneBody, StringComparison.Ordinal);
        Assert.Equal(minted.Id(), JsonDocument.Parse(oneBody).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task RevokedKey_NextRequest_Returns401WithTheBodyOfARefusedJwt()
    {
        using var admin = factory.CreateAdminClient();
        var minted = await admin.MintKeyAsync(await admin.CreateUserAsync());
        using var service = factory.CreateClientWithToken(minted.Key());
        using (var before = await service.PostGenerateAsync(Prompt("before revocation")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await admin.RevokeKeyAsync(minted.Id());

        using var after = await service.PostGenerateAsync(Prompt("after revocation"));
        var refused = await after.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var badJwt = factory.CreateClientWithToken("not-a-jwt-at-all");
        using var jwtResponse = await badJwt.PostGenerateAsync(Prompt("bad jwt"));
        var refusedJwt = await jwtResponse.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        AssertSameRefusal(refusedJwt, jwtResponse, refused, after);

        var (_, entry) = await admin.ListKeysAsync(minted.Id());
        var listed = Assert.NotNull(entry);
        Assert.True(listed.GetProperty("revoked").GetBoolean());
        Assert.True(listed.TryGetProperty("revoked_at", out _));
        Assert.False(string.IsNullOrEmpty(listed.GetProperty("revoked_by").GetString()));
    }

    [Fact]
    public async Task Revoke_Twice_Returns204BothTimes()
    {
        using var admin = factory.CreateAdminClient();
        var minted = await admin.MintKeyAsync(await admin.CreateUserAsync());

        await admin.RevokeKeyAsync(minted.Id());
        await admin.RevokeKeyAsync(minted.Id());
    }

    [Theory]
    [InlineData("0123456789abcdef")]
    [InlineData("not-a-key-id")]
    public async Task RevokeAndGet_UnknownId_Return404(string id)
    {
        using var admin = factory.CreateAdminClient();

        using var revoke = await admin.DeleteAsync($"/admin/keys/{id}");
        await revoke.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var get = await admin.GetAsync($"/admin/keys/{id}");
        await get.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task MintKey_ForUnknownUser_Returns404()
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/admin/keys", new { user_id = GatewayApiFactory.NewUserId(), name = "ghost" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task MintKey_AdminRoleForAUserRoleAccount_Returns400OnRole()
    {
        using var admin = factory.CreateAdminClient();
        var userId = await admin.CreateUserAsync();

        using var response = await admin.PostAsJsonAsync("/admin/keys", new { user_id = userId, name = "escalation", role = "admin" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("role").EnumerateArray());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"user_id":"valid-user-id"}""", "name" },
        { """{"user_id":"valid-user-id","name":""}""", "name" },
        { """{"user_id":"","name":"svc"}""", "user_id" },
        { """{"user_id":"has spaces","name":"svc"}""", "user_id" },
        { """{"user_id":"valid-user-id","name":"svc","role":"Admin"}""", "role" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task MintKey_InvalidField_Returns400NamingTheField(string json, string field)
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.PostRawJsonAsync("/admin/keys", json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty(field).EnumerateArray());
    }

    [Fact]
    public async Task KeyEndpoints_AsUserWithJwt_Return403()
    {
        using var admin = factory.CreateAdminClient();
        var minted = await admin.MintKeyAsync(await admin.CreateUserAsync());
        using var user = factory.CreateUserClient();

        using var mint = await user.PostAsJsonAsync("/admin/keys", new { user_id = GatewayApiFactory.AdminUserId, name = "sneaky" });
        await mint.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var list = await user.GetAsync("/admin/keys");
        await list.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var revoke = await user.DeleteAsync($"/admin/keys/{minted.Id()}");
        await revoke.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task UserRoleKey_CallingAdminEndpoints_Returns403()
    {
        using var admin = factory.CreateAdminClient();
        var adminAccount = await admin.CreateUserAsync(role: "admin");
        var minted = await admin.MintKeyAsync(adminAccount, role: "user");
        using var service = factory.CreateClientWithToken(minted.Key());

        using var mint = await service.PostAsJsonAsync("/admin/keys", new { user_id = adminAccount, name = "escalation" });
        await mint.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var policy = await service.GetAsync("/admin/policy");
        await policy.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var users = await service.PostAsJsonAsync("/admin/users", new { user_id = GatewayApiFactory.NewUserId(), password = "a-long-enough-password", role = "admin" });
        await users.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AdminRoleKey_CallingAdminEndpoints_Allowed()
    {
        using var admin = factory.CreateAdminClient();
        var minted = await admin.MintKeyAsync(GatewayApiFactory.AdminUserId, role: "admin");
        using var service = factory.CreateClientWithToken(minted.Key());

        var (_, entry) = await service.ListKeysAsync(minted.Id());

        Assert.NotNull(entry);
    }

    public static TheoryData<string> RejectedKeys =>
    [
        "gk_",
        "gk_garbage",
        "gk_0123456789abcdef_" + new string('A', 43),
        "gk_0123456789abcdef_" + new string('A', 42) + "!",
        "wrong secret",
    ];

    [Theory]
    [MemberData(nameof(RejectedKeys))]
    public async Task Generate_WithRejectedKey_Returns401LikeARefusedJwt(string scenario)
    {
        var token = scenario;
        if (scenario == "wrong secret")
        {
            using var admin = factory.CreateAdminClient();
            var minted = await admin.MintKeyAsync(await admin.CreateUserAsync());
            token = minted.Key()[..20] + new string('x', 43);
        }

        using var client = factory.CreateClientWithToken(token);
        using var response = await client.PostGenerateAsync(Prompt("rejected key"));

        var refused = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var badJwt = factory.CreateClientWithToken("not-a-jwt-at-all");
        using var jwtResponse = await badJwt.PostGenerateAsync(Prompt("bad jwt"));
        AssertSameRefusal(await jwtResponse.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized"), jwtResponse, refused, response);
    }

    [Fact]
    public async Task KeyEndpoints_WithoutToken_Return401()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/admin/keys");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Logs_MintUseRevokeAndRefuse_NameTheKeyIdButNeverTheKey()
    {
        using var admin = factory.CreateAdminClient();
        var minted = await admin.MintKeyAsync(await admin.CreateUserAsync());
        using var service = factory.CreateClientWithToken(minted.Key());
        using (var used = await service.PostGenerateAsync(Prompt("logged")))
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }

        await admin.RevokeKeyAsync(minted.Id());
        using (var refused = await service.PostGenerateAsync(Prompt("refused")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await factory.Logs.WaitForEventAsync(e => e.ToString().Contains($"API key {minted.Id()} refused: revoked", StringComparison.Ordinal), "the refusal of the revoked key");
        var logs = factory.Logs.Text;
        Assert.Contains($"API key {minted.Id()} created", logs, StringComparison.Ordinal);
        Assert.Contains($"API key {minted.Id()} revoked", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(minted.Key()[20..], logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheKeyEndpoints()
    {
        using var client = factory.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/admin/keys").TryGetProperty("post", out var post));
        Assert.True(post.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(paths.GetProperty("/admin/keys").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/admin/keys/{id}").TryGetProperty("delete", out var delete));
        Assert.True(delete.GetProperty("responses").TryGetProperty("204", out _));
        Assert.True(delete.GetProperty("responses").TryGetProperty("404", out _));
    }

    private static void AssertSameRefusal(JsonElement jwtProblem, HttpResponseMessage jwtResponse, JsonElement keyProblem, HttpResponseMessage keyResponse)
    {
        Assert.Equal(jwtProblem.GetProperty("title").GetString(), keyProblem.GetProperty("title").GetString());
        Assert.Equal(jwtProblem.GetProperty("detail").GetString(), keyProblem.GetProperty("detail").GetString());
        Assert.Equal(
            jwtProblem.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal),
            keyProblem.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(jwtResponse.Headers.WwwAuthenticate.ToString(), keyResponse.Headers.WwwAuthenticate.ToString());
    }

    private static string Prompt(string text) => $"{text} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";
}
