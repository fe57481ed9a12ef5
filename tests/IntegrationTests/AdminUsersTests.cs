using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

[Collection(SharedGateway.Name)]
public sealed class AdminUsersTests(GatewayApiFactory factory)
{
    [Fact]
    public async Task CreateUser_AsAdmin_CreatesAUserWhoCanLogInAndGenerate()
    {
        using var admin = factory.CreateAdminClient();
        var userId = GatewayApiFactory.NewUserId();
        const string password = "new-user-password-123";

        using var created = await admin.PostAsJsonAsync("/admin/users", new { user_id = userId, password, role = "user" });
        var user = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(userId, user.GetProperty("user_id").GetString());
        Assert.Equal("user", user.GetProperty("role").GetString());
        Assert.False(user.TryGetProperty("password", out _));

        using var client = factory.CreateClient();
        var login = await (await client.PostAsJsonAsync("/login", new { user_id = userId, password })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("user", login.GetProperty("role").GetString());

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("access_token").GetString());
        using var generated = await client.PostGenerateAsync($"Hello from a new user {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
    }

    [Fact]
    public async Task CreateUser_DuplicateUserId_Returns409Conflict()
    {
        using var admin = factory.CreateAdminClient();
        var userId = GatewayApiFactory.NewUserId();
        using var first = await admin.PostAsJsonAsync("/admin/users", new { user_id = userId, password = "first-password-1234" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await admin.PostAsJsonAsync("/admin/users", new { user_id = userId, password = "second-password-1234" });

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task CreateUser_AsUser_Returns403Forbidden()
    {
        using var user = factory.CreateUserClient();

        using var response = await user.PostAsJsonAsync("/admin/users", new { user_id = GatewayApiFactory.NewUserId(), password = "a-long-enough-password", role = "admin" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task CreateUser_WithoutToken_Returns401Unauthorized()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/admin/users", new { user_id = GatewayApiFactory.NewUserId(), password = "a-long-enough-password" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    public static TheoryData<string, string, string, string> InvalidUsers => new()
    {
        { "valid-user-id", "short", "user", "password" },
        { "valid-user-id", string.Empty, "user", "password" },
        { string.Empty, "a-long-enough-password", "user", "user_id" },
        { "ab", "a-long-enough-password", "user", "user_id" },
        { "has spaces in it", "a-long-enough-password", "user", "user_id" },
        { "valid-user-id", "a-long-enough-password", "superuser", "role" },
        { "valid-user-id", "a-long-enough-password", "Admin", "role" },
    };

    [Theory]
    [MemberData(nameof(InvalidUsers))]
    public async Task CreateUser_InvalidField_Returns400NamingTheField(string userId, string password, string role, string field)
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/admin/users", new { user_id = userId, password, role });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var messages = problem.GetProperty("errors").GetProperty(field);
        Assert.NotEmpty(messages.EnumerateArray());
    }
}
