using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>Two instances on one Redis, RATE_LIMIT=20 a day for users.</summary>
public sealed class SharedStateRedisFixture : RedisGatewaysFixture
{
    public const int RateLimit = 20;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RATE_LIMIT"] = RateLimit.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Rate limits, cached answers and accounts are one state across instances (docs/architecture.md).</summary>
public sealed class RedisSharedStateTests(SharedStateRedisFixture fixture) : IClassFixture<SharedStateRedisFixture>
{
    private const int Limit = SharedStateRedisFixture.RateLimit;
    private static readonly TimeSpan CacheVisibleWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Generate_OneUserOnTwoInstancesAtOnce_ExactlyTheLimitIsAllowedAcrossBoth()
    {
        var userId = GatewayApiFactory.NewUserId();
        using var onA = fixture.A.CreateClientFor(userId, "user");
        using var onB = fixture.B.CreateClientFor(userId, "user");

        var responses = await Task.WhenAll(Enumerable.Range(0, 3 * Limit)
            .Select(i => (i % 2 == 0 ? onA : onB).PostGenerateAsync(UniquePrompt($"burst {i}"))));
        try
        {
            // Every request was counted in Redis; one that failed open would carry no rate-limit headers.
            Assert.All(responses, r => Assert.Equal(Limit, r.LongHeader("X-RateLimit-Limit")));

            var allowed = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.Equal(Limit, allowed.Count);
            Assert.Equal(2 * Limit, limited.Count);

            // Each allowed request took its own slot of the one shared counter: remaining runs through 0..N-1 once.
            Assert.Equal(Enumerable.Range(0, Limit), allowed.Select(r => (int)r.LongHeader("X-RateLimit-Remaining")).Order());

            foreach (var response in limited)
            {
                await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After must be positive, was {response.Headers.RetryAfter}");
                Assert.Equal(0, response.LongHeader("X-RateLimit-Remaining"));
                Assert.True(response.LongHeader("X-RateLimit-Reset") > DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "X-RateLimit-Reset must lie in the future");
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // Another user has a counter of their own, on either instance.
        using var other = fixture.B.CreateUserClient();
        using var otherResponse = await other.PostGenerateAsync(UniquePrompt("another user"));
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
        Assert.Equal(Limit - 1, otherResponse.LongHeader("X-RateLimit-Remaining"));
    }

    /// <summary>
    /// Redis replies are read on threads of the client's own (RedisConnection). On the thread pool, a reply waited
    /// behind every queued request's work during a load spike and timed out although Redis had answered: 8–43% of the
    /// requests of a 1,000-connection spike went through with the rate limit unchecked (bench/overload.sh).
    /// The threads are found by the names Linux keeps for them.
    /// </summary>
    [Fact]
    public async Task Redis_RepliesAreReadOnThreadsOfTheClientsOwn()
    {
        using var anonymous = fixture.A.CreateClient();
        using var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var threadNames = Directory.GetDirectories("/proc/self/task").Select(ThreadName).ToList();
        Assert.Contains(threadNames, name => name?.StartsWith("SE.Redis Sync", StringComparison.Ordinal) == true);

        // Other tests' threads come and go while the list is read.
        static string? ThreadName(string task)
        {
            try
            {
                return File.ReadAllText(Path.Combine(task, "comm")).Trim();
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    [Fact]
    public async Task Generate_AnswerCachedByInstanceA_IsAHitOnInstanceBWithTheSameAnswer()
    {
        var prompt = UniquePrompt("Explain shared caches in one sentence");
        using var onA = fixture.A.CreateUserClient();
        using var onB = fixture.B.CreateUserClient();

        using var first = await onA.PostGenerateAsync(prompt);
        var answer = await first.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("MISS", first.SingleHeader("X-Cache"));

        // B asks with no-store, so a hit can only be the entry A wrote (the write is fire-and-forget, hence the poll).
        var hit = await PollUntilHitAsync(onB, prompt);

        Assert.True(hit.GetProperty("cached").GetBoolean());
        foreach (var property in (string[])["response", "provider", "model", "finish_reason", "policy_version"])
        {
            Assert.Equal(answer.GetProperty(property).GetRawText(), hit.GetProperty(property).GetRawText());
        }

        Assert.Equal(answer.GetProperty("usage").GetRawText(), hit.GetProperty("usage").GetRawText());

        // The role is part of the key: an admin asking the same on B is not served the user's entry.
        using var admin = fixture.B.CreateAdminClient();
        using var asAdmin = await SendAsync(admin, prompt, noStore: true);
        Assert.Equal("MISS", asAdmin.SingleHeader("X-Cache"));
    }

    [Fact]
    public async Task Generate_NoStoreOnInstanceA_IsAMissOnInstanceB()
    {
        var notStored = UniquePrompt("Do not keep this answer");
        var stored = UniquePrompt("Keep this answer");
        using var onA = fixture.A.CreateUserClient();
        using var onB = fixture.B.CreateUserClient();

        using var skipped = await SendAsync(onA, notStored, noStore: true);
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);

        // A barrier: A's later write is visible on B, so an earlier one would be too (one connection, in order).
        using var written = await onA.PostGenerateAsync(stored);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        await PollUntilHitAsync(onB, stored);

        using var onBResponse = await SendAsync(onB, notStored, noStore: true);
        var body = await onBResponse.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("MISS", onBResponse.SingleHeader("X-Cache"));
        Assert.False(body.GetProperty("cached").GetBoolean());
    }

    /// <summary>Under the default role scope, no-cache must not let one user replace the answer the others of the role get.</summary>
    [Fact]
    public async Task Generate_NoCacheOnInstanceA_IsNotStoredForAnotherUserOnInstanceB()
    {
        var rerolled = UniquePrompt("Re-roll the answer everybody gets");
        var stored = UniquePrompt("Keep this answer too");
        using var mallory = fixture.A.CreateUserClient();
        using var alice = fixture.B.CreateUserClient();

        using var noCache = await SendAsync(mallory, rerolled, noStore: false, noCache: true);
        Assert.Equal("BYPASS", noCache.SingleHeader("X-Cache"));

        // The same barrier as above: a later write by A is visible on B, so the no-cache answer would be too.
        using var written = await mallory.PostGenerateAsync(stored);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        await PollUntilHitAsync(alice, stored);

        using var onB = await SendAsync(alice, rerolled, noStore: true);
        await onB.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("MISS", onB.SingleHeader("X-Cache"));
    }

    [Fact]
    public async Task Login_UserCreatedOnInstanceA_LogsInOnInstanceBAndTheTokenWorksOnBoth()
    {
        using var anonymousA = fixture.A.CreateClient();
        using var anonymousB = fixture.B.CreateClient();
        var adminToken = await LoginBootstrapAdminAsync(anonymousA);

        using var adminOnA = fixture.A.CreateClientWithToken(adminToken);
        var userId = GatewayApiFactory.NewUserId();
        const string password = "shared-account-password-4821";
        using var created = await adminOnA.PostAsJsonAsync("/admin/users", new { user_id = userId, password, role = "user" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var login = await anonymousB.PostAsJsonAsync("/login", new { user_id = userId, password });
        var token = await login.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("user", token.GetProperty("role").GetString());
        var accessToken = token.GetProperty("access_token").GetString()!;

        foreach (var gateway in (RedisGatewayApiFactory[])[fixture.B, fixture.A])
        {
            using var client = gateway.CreateClientWithToken(accessToken);
            using var generated = await client.PostGenerateAsync(UniquePrompt("hello from a shared account"));
            Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        }

        // And the account is the same one: a wrong password is refused on B as well.
        using var wrong = await anonymousB.PostAsJsonAsync("/login", new { user_id = userId, password = "not-the-password-1234" });
        await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static string UniquePrompt(string text) => $"{text} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string prompt, bool noStore, bool noCache = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/generate") { Content = JsonContent.Create(new { prompt }) };
        if (noStore || noCache)
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoStore = noStore, NoCache = noCache };
        }

        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> PollUntilHitAsync(HttpClient client, string prompt)
    {
        JsonElement body = default;
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var response = await SendAsync(client, prompt, noStore: true);
                body = await response.ReadJsonAsync(HttpStatusCode.OK);
                return response.SingleHeader("X-Cache") == "HIT";
            },
            CacheVisibleWithin,
            "the answer cached by the other instance was never a HIT here");
        return body;
    }

    /// <summary>The bootstrap admin is written to Redis by a background service at start-up, so the first login may come early.</summary>
    private static async Task<string> LoginBootstrapAdminAsync(HttpClient anonymous)
    {
        string? token = null;
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var response = await anonymous.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.AdminUserId, password = GatewayApiFactory.AdminPassword });
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                token = (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("access_token").GetString();
                return true;
            },
            TimeSpan.FromSeconds(10),
            "the bootstrap admin could not log in",
            TimeSpan.FromMilliseconds(100));
        return token!;
    }
}
