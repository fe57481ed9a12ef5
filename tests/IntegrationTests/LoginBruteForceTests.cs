using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// Password guessing is slowed: 3 attempts per user id and 8 per client address per minute here
/// (LOGIN_MAX_ATTEMPTS, LOGIN_MAX_ATTEMPTS_PER_CLIENT, LOGIN_WINDOW_SECONDS), then 429 with Retry-After.
/// Each test uses its own client addresses and users, so the limits of one never reach another.
/// </summary>
public sealed class LoginBruteForceTests(LoginThrottleGatewayApiFactory factory) : IClassFixture<LoginThrottleGatewayApiFactory>
{
    private const string Password = "the-right-password-42";

    [Fact]
    public async Task Login_GuessingOneUsersPassword_Returns429WithRetryAfterOnceTheUserLimitIsReached()
    {
        var userId = await CreateUserAsync();

        // Each guess from a different address: the per-user limit holds however the guesser spreads out.
        for (var i = 0; i < LoginThrottleGatewayApiFactory.MaxAttempts; i++)
        {
            using var guess = await LoginAsync(userId, $"guess-{i}", NewAddress());
            await guess.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var throttled = await LoginAsync(userId, "guess-again", NewAddress());
        using var rightPassword = await LoginAsync(userId, Password, NewAddress());

        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(throttled.SingleHeader("Retry-After"), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        // The right password does not open a locked user either: a guesser cannot tell a hit from a miss.
        await rightPassword.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Login_OneClientSprayingManyUserIds_Returns429AndOtherClientsStillLogIn()
    {
        var userId = await CreateUserAsync();
        var sprayer = NewAddress();
        for (var i = 0; i < LoginThrottleGatewayApiFactory.MaxAttemptsPerClient; i++)
        {
            using var guess = await LoginAsync(GatewayApiFactory.NewUserId(), "password123", sprayer);
            await guess.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var throttled = await LoginAsync(userId, Password, sprayer);
        using var elsewhere = await LoginAsync(userId, Password, NewAddress());

        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(throttled.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Login_UnderTheLimits_RightPasswordLogsIn()
    {
        var userId = await CreateUserAsync();
        var address = NewAddress();
        using (var miss = await LoginAsync(userId, "wrong-password", address))
        {
            await miss.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var hit = await LoginAsync(userId, Password, address);

        var login = await hit.ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(login.GetProperty("access_token").GetString()));
    }

    private static string NewAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private async Task<string> CreateUserAsync()
    {
        var userId = GatewayApiFactory.NewUserId();
        using var admin = factory.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/admin/users", new { user_id = userId, password = Password, role = "user" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return userId;
    }

    private async Task<HttpResponseMessage> LoginAsync(string userId, string password, string clientAddress)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = JsonContent.Create(new { user_id = userId, password }) };
        request.Headers.Add(LoginThrottleGatewayApiFactory.ClientAddressHeader, clientAddress);
        return await client.SendAsync(request);
    }
}
