using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>The user and key lifecycle endpoints on one in-memory gateway: their contract, and that each change is in force on the next request.</summary>
[Collection(SharedGateway.Name)]
public sealed class AccountLifecycleTests(GatewayApiFactory factory)
{
    private const string Password = "account-password-123";

    [Fact]
    public async Task ListUsers_Paged_EveryUserOnceInIdOrderWithoutHashes()
    {
        using var admin = factory.CreateAdminClient();
        var prefix = $"page-{Guid.NewGuid():N}"[..16];
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var userId = $"{prefix}-{i}";
            using var response = await admin.PostAsJsonAsync("/admin/users", new { user_id = userId, password = Password });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            created.Add(userId);
        }

        var seen = new List<string>();
        string? after = null;
        do
        {
            using var response = await admin.GetAsync($"/admin/users?limit=7{(after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after))}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.DoesNotContain("hash", body, StringComparison.OrdinalIgnoreCase);
            using var page = JsonDocument.Parse(body);
            var users = page.RootElement.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("user_id").GetString()!).ToList();
            Assert.True(users.Count <= 7);
            seen.AddRange(users);
            after = page.RootElement.TryGetProperty("next_after", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (after is not null);

        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.All(created, id => Assert.Contains(id, seen));
    }

    [Theory]
    [InlineData("/admin/users?limit=0")]
    [InlineData("/admin/users?limit=201")]
    public async Task ListUsers_LimitOutOfRange_Returns400(string path)
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task UserEndpoints_AsUser_Return403()
    {
        using var user = factory.CreateUserClient();

        using var list = await user.GetAsync("/admin/users");
        using var patch = await user.PatchAsJsonAsync($"/admin/users/{GatewayApiFactory.NewUserId()}", new { role = "admin" });

        await list.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await patch.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task PatchUser_ContractAndNextRequest()
    {
        using var admin = factory.CreateAdminClient();
        var userId = await admin.CreateUserAsync();
        var token = await LogInAsync(userId, "api-key-owner-password-1");
        using var user = factory.CreateClientWithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await user.PostGenerateAsync(Prompt())).StatusCode);

        using (var nothing = await admin.PatchAsJsonAsync($"/admin/users/{userId}", new { }))
        {
            await nothing.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        using (var badRole = await admin.PatchAsJsonAsync($"/admin/users/{userId}", new { role = "Admin" }))
        {
            await badRole.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        using (var unknown = await admin.PatchAsJsonAsync($"/admin/users/{GatewayApiFactory.NewUserId()}", new { disabled = true }))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        // Promotion keeps the stamp: the token held keeps working (with the role it was issued with).
        using (var promoted = await admin.PatchAsJsonAsync($"/admin/users/{userId}", new { role = "admin" }))
        {
            var body = await promoted.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("admin", body.GetProperty("role").GetString());
            Assert.True(body.TryGetProperty("updated_at", out _));
        }

        Assert.Equal(HttpStatusCode.OK, (await user.PostGenerateAsync(Prompt())).StatusCode);

        using (var disabled = await admin.PatchAsJsonAsync($"/admin/users/{userId}", new { disabled = true }))
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        }

        using var refused = await user.PostGenerateAsync(Prompt());
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var got = await admin.GetAsync($"/admin/users/{userId}");
        Assert.True((await got.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task OwnAccount_DemoteDisableDelete_Return409()
    {
        var adminId = GatewayApiFactory.NewUserId();
        using var admin = factory.CreateClientFor(adminId, "admin");

        using var demote = await admin.PatchAsJsonAsync($"/admin/users/{adminId}", new { role = "user" });
        using var disable = await admin.PatchAsJsonAsync($"/admin/users/{adminId}", new { disabled = true });
        using var delete = await admin.DeleteAsync($"/admin/users/{adminId}");

        await demote.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await disable.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await delete.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task ChangeOwnPassword_WrongCurrentIs403_RightOneEndsOldTokensAndGivesAWorkingOne()
    {
        using var admin = factory.CreateAdminClient();
        var userId = await admin.CreateUserAsync();
        var oldToken = await LogInAsync(userId, "api-key-owner-password-1");
        using var user = factory.CreateClientWithToken(oldToken);

        using (var wrong = await user.PostAsJsonAsync("/me/password", new { current_password = "not-the-password", new_password = "a-new-password-4567" }))
        {
            await wrong.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var tooShort = await user.PostAsJsonAsync("/me/password", new { current_password = "api-key-owner-password-1", new_password = "short" }))
        {
            var problem = await tooShort.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("new_password", out _));
        }

        using var changed = await user.PostAsJsonAsync("/me/password", new { current_password = "api-key-owner-password-1", new_password = "a-new-password-4567" });
        var newToken = (await changed.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("access_token").GetString()!;

        using var refused = await user.PostGenerateAsync(Prompt());
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var renewed = factory.CreateClientWithToken(newToken);
        Assert.Equal(HttpStatusCode.OK, (await renewed.PostGenerateAsync(Prompt())).StatusCode);
        Assert.NotNull(await LogInAsync(userId, "a-new-password-4567"));
    }

    [Fact]
    public async Task KeyWithModels_OtherModelUnderV1_Is403InOpenAisShapeNamingModel()
    {
        using var admin = factory.CreateAdminClient();
        var userId = await admin.CreateUserAsync();
        using var minted = await admin.PostAsJsonAsync("/admin/keys", new { user_id = userId, name = "restricted", models = new[] { "gpt-4o-mini" } });
        var key = (await minted.ReadJsonAsync(HttpStatusCode.Created)).Key();
        using var service = factory.CreateClientWithToken(key);

        using var allowed = await service.PostRawJsonAsync("/v1/chat/completions", ChatBody("gpt-4o-mini"));
        using var refused = await service.PostRawJsonAsync("/v1/chat/completions", ChatBody("gpt-4o"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var error = (await refused.ReadJsonAsync(HttpStatusCode.Forbidden)).GetProperty("error");
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        Assert.Equal("forbidden", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task KeyWithExpiryAndMetadata_ListedWithThem_RefusedOnceExpired()
    {
        using var admin = factory.CreateAdminClient();
        var userId = await admin.CreateUserAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);
        using var minted = await admin.PostAsJsonAsync("/admin/keys", new { user_id = userId, name = "short-lived", expires_at = expiresAt, metadata = new Dictionary<string, string> { ["cost_center"] = "4711" } });
        var created = await minted.ReadJsonAsync(HttpStatusCode.Created);
        using var service = factory.CreateClientWithToken(created.Key());
        Assert.Equal(HttpStatusCode.OK, (await service.PostGenerateAsync(Prompt())).StatusCode);

        var (_, entry) = await admin.ListKeysAsync(created.Id());
        var listed = Assert.NotNull(entry);
        Assert.Equal("4711", listed.GetProperty("metadata").GetProperty("cost_center").GetString());
        Assert.False(listed.GetProperty("expired").GetBoolean());
        Assert.True(listed.GetProperty("last_used_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        using var refused = await service.PostGenerateAsync(Prompt());
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var (_, after) = await admin.ListKeysAsync(created.Id());
        Assert.True(Assert.NotNull(after).GetProperty("expired").GetBoolean());
    }

    [Theory]
    [InlineData("""{"user_id":"USER","name":"n","models":[]}""", "models")]
    [InlineData("""{"user_id":"USER","name":"n","expires_at":"2001-01-01T00:00:00Z"}""", "expires_at")]
    [InlineData("""{"user_id":"USER","name":"n","metadata":{"bad key":"v"}}""", "metadata")]
    public async Task CreateKey_BadNewField_Returns400NamingIt(string body, string field)
    {
        using var admin = factory.CreateAdminClient();
        var userId = await admin.CreateUserAsync();

        using var response = await admin.PostRawJsonAsync("/admin/keys", body.Replace("USER", userId, StringComparison.Ordinal));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task RotateKey_GraceAboveTheCapIs400_RevokedKeyIs409_UnknownIs404()
    {
        using var admin = factory.CreateAdminClient();
        var minted = await admin.MintKeyAsync(await admin.CreateUserAsync());

        using (var tooLong = await admin.PostAsJsonAsync($"/admin/keys/{minted.Id()}/rotate", new { grace_period_seconds = 604_801 }))
        {
            await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        using (var unknown = await admin.PostAsJsonAsync("/admin/keys/0123456789abcdef/rotate", new { }))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        await admin.RevokeKeyAsync(minted.Id());
        using var revoked = await admin.PostAsJsonAsync($"/admin/keys/{minted.Id()}/rotate", new { });
        await revoked.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task OpenApi_DescribesTheLifecycleEndpointsWithTheirErrors()
    {
        using var client = factory.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        foreach (var (path, method, status) in new[]
        {
            ("/admin/users", "get", "403"),
            ("/admin/users/{id}", "get", "404"),
            ("/admin/users/{id}", "patch", "409"),
            ("/admin/users/{id}", "delete", "409"),
            ("/admin/users/{id}/password", "post", "404"),
            ("/me/password", "post", "429"),
            ("/admin/keys/{id}/rotate", "post", "409"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var operations), $"{path} is not in the OpenAPI document");
            Assert.True(operations.TryGetProperty(method, out var operation), $"{method} {path} is not in the OpenAPI document");
            Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{method} {path} does not document {status}");
        }
    }

    private static string ChatBody(string model) =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{Prompt()}}"}]}""";

    private static string Prompt() => $"lifecycle {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";

    private async Task<string> LogInAsync(string userId, string password)
    {
        using var anonymous = factory.CreateClient();
        using var login = await anonymous.PostAsJsonAsync("/login", new { user_id = userId, password });
        return (await login.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
    }
}
