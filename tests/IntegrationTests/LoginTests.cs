using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

[Collection(SharedGateway.Name)]
public sealed class LoginTests(GatewayApiFactory factory)
{
    [Fact]
    public async Task Login_BootstrapAdminWithRightPassword_ReturnsWorkingAdminToken()
    {
        using var client = factory.CreateClient();

        var login = await (await client.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.AdminUserId, password = GatewayApiFactory.AdminPassword }))
            .ReadJsonAsync(HttpStatusCode.OK);

        var token = login.GetProperty("access_token").GetString();
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal("bearer", login.GetProperty("token_type").GetString());
        Assert.Equal(GatewayApiFactory.JwtExpiryMinutes * 60, login.GetProperty("expires_in").GetInt32());
        Assert.Equal("admin", login.GetProperty("role").GetString());

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await client.PostAsJsonAsync("/admin/users", new { user_id = GatewayApiFactory.NewUserId(), password = "a-long-enough-password", role = "user" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_Returns401WithTheSameDetail()
    {
        using var client = factory.CreateClient();

        using var wrongPassword = await client.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.AdminUserId, password = "not-the-admin-password" });
        using var unknownUser = await client.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.NewUserId(), password = "not-the-admin-password" });

        var wrongPasswordProblem = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var unknownUserProblem = await unknownUser.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(wrongPasswordProblem.GetProperty("detail").GetString(), unknownUserProblem.GetProperty("detail").GetString());
        Assert.Equal(wrongPasswordProblem.GetProperty("title").GetString(), unknownUserProblem.GetProperty("title").GetString());
        Assert.False(wrongPasswordProblem.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Login_UnknownUserVersusWrongPassword_TakeComparableTime()
    {
        // An unknown user still pays for one PBKDF2 run, so timing does not tell which user ids exist.
        // Loose on purpose (a shared 2-core machine): medians within 3x of each other, in both directions.
        using var client = factory.CreateClient();
        const int attempts = 7;
        var wrongPassword = new List<double>(attempts);
        var unknownUser = new List<double>(attempts);
        await TimeAsync(GatewayApiFactory.AdminUserId); // warm-up
        for (var i = 0; i < attempts; i++)
        {
            wrongPassword.Add(await TimeAsync(GatewayApiFactory.AdminUserId));
            unknownUser.Add(await TimeAsync(GatewayApiFactory.NewUserId()));
        }

        var wrongMedian = Median(wrongPassword);
        var unknownMedian = Median(unknownUser);
        Assert.True(unknownMedian * 3 >= wrongMedian && wrongMedian * 3 >= unknownMedian, $"unknown user {unknownMedian:0.0} ms vs wrong password {wrongMedian:0.0} ms");

        async Task<double> TimeAsync(string userId)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/login", new { user_id = userId, password = "not-the-password-at-all" });
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return elapsed;
        }

        static double Median(List<double> values)
        {
            values.Sort();
            return values[values.Count / 2];
        }
    }

    [Fact]
    public async Task Login_UnknownUserVersusWrongPassword_SameBodyApartFromTheRequestId()
    {
        using var client = factory.CreateClient();

        using var wrongPassword = await client.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.AdminUserId, password = "not-the-admin-password" });
        using var unknownUser = await client.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.NewUserId(), password = "not-the-admin-password" });

        var a = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var b = await unknownUser.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(Without(a, "request_id"), Without(b, "request_id"));
        Assert.Equal(wrongPassword.Headers.WwwAuthenticate.ToString(), unknownUser.Headers.WwwAuthenticate.ToString());

        static string Without(System.Text.Json.JsonElement problem, string name)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(problem.GetRawText())!.AsObject();
            node.Remove(name);
            return node.ToJsonString();
        }
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("user")]
    [InlineData(null)]
    public async Task Login_WithoutPasswordWhileDevLoginIsOff_Returns401(string? role)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.AdminUserId, role });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Login_EmptyUserId_Returns400ValidationFailed()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/login", new { user_id = string.Empty, password = "whatever-password" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("user_id", out _));
    }
}
