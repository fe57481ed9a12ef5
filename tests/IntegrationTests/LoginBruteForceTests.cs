using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// Password guessing is slowed, and no account is ever locked: here 3 failures per (user id, client address) and 8
/// attempts per client address per minute, and past 5 failures of one user id from anywhere each further failing
/// address waits 1 s, then 2 s, 4 s... (LOGIN_MAX_ATTEMPTS, LOGIN_MAX_ATTEMPTS_PER_CLIENT, LOGIN_WINDOW_SECONDS,
/// LOGIN_SLOWDOWN_AFTER, LOGIN_SLOWDOWN_SECONDS); then 429 with Retry-After. Each test uses its own client addresses
/// and users, so the limits of one never reach another.
/// </summary>
public sealed class LoginBruteForceTests(LoginThrottleGatewayApiFactory factory) : IClassFixture<LoginThrottleGatewayApiFactory>
{
    private const string Password = "the-right-password-42";

    [Fact]
    public async Task Login_AttackerHammeringFromOneAddress_IsThrottledWithRetryAfterAndTheRealUserLogsInFromAnother()
    {
        var userId = await CreateUserAsync();
        var attacker = NewAddress();
        for (var i = 0; i < LoginThrottleGatewayApiFactory.MaxAttempts; i++)
        {
            using var guess = await LoginAsync(userId, $"guess-{i}", attacker);
            await guess.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var throttled = await LoginAsync(userId, "guess-again", attacker);
        using var rightPasswordFromAttacker = await LoginAsync(userId, Password, attacker);
        using var realUser = await LoginAsync(userId, Password, NewAddress());

        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(throttled.SingleHeader("Retry-After"), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        // The right password does not open the throttled address either: a guesser cannot tell a hit from a miss.
        await rightPasswordFromAttacker.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var login = await realUser.ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(login.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task Login_GuessesFromManyAddresses_EachFurtherFailingAddressWaitsLongerButTheRealUserLogsIn()
    {
        var userId = await CreateUserAsync();
        for (var i = 0; i < LoginThrottleGatewayApiFactory.SlowDownAfter; i++)
        {
            using var guess = await LoginAsync(userId, $"guess-{i}", NewAddress());
            await guess.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        var waits = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var address = NewAddress();
            using var failed = await LoginAsync(userId, $"more-{i}", address);
            await failed.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            using var again = await LoginAsync(userId, $"again-{i}", address);
            await again.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
            waits.Add(int.Parse(again.SingleHeader("Retry-After"), CultureInfo.InvariantCulture));
        }

        using var realUser = await LoginAsync(userId, Password, NewAddress());

        // 1 s, 2 s, 4 s, rounded up to whole seconds.
        Assert.True(waits[0] >= 1 && waits[1] > waits[0] && waits[2] > waits[1], $"waits: {string.Join(", ", waits)}");
        Assert.Equal(HttpStatusCode.OK, realUser.StatusCode);
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
