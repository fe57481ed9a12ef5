using System.Net;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>INSECURE_DEV_LOGIN=true in Development: /login takes {user_id, role} without a password, as the original design did.</summary>
public sealed class DevLoginTests(DevLoginGatewayApiFactory factory) : IClassFixture<DevLoginGatewayApiFactory>
{
    [Fact]
    public async Task Login_WithRoleAdminAndNoPassword_IssuesAWorkingAdminToken()
    {
        using var client = factory.CreateClient();

        var login = await (await client.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.NewUserId(), role = "admin" })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("admin", login.GetProperty("role").GetString());
        Assert.Equal("bearer", login.GetProperty("token_type").GetString());
        using var admin = factory.CreateClientWithToken(login.GetProperty("access_token").GetString()!);
        using var created = await admin.PostAsJsonAsync("/admin/users", new { user_id = GatewayApiFactory.NewUserId(), password = "a-long-enough-password" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Login_WithoutRole_IssuesAUserToken()
    {
        using var client = factory.CreateClient();

        var login = await (await client.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.NewUserId() })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("user", login.GetProperty("role").GetString());
        using var user = factory.CreateClientWithToken(login.GetProperty("access_token").GetString()!);
        using var forbidden = await user.PostAsJsonAsync("/admin/users", new { user_id = GatewayApiFactory.NewUserId(), password = "a-long-enough-password" });
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var generated = await user.PostGenerateAsync($"dev login {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("Admin")]
    public async Task Login_WithUnknownRole_Returns400NamingRole(string role)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.NewUserId(), role });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("role").EnumerateArray());
    }
}
