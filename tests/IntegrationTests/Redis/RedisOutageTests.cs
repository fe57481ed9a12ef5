using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>One instance on a Redis of its own that the tests stop and start, with the short REDIS_TIMEOUT_MS of production.</summary>
public sealed class OutageRedisFixture : RedisGatewaysFixture
{
    protected override int InitialInstances => 1;

    protected override bool NeedsRestartableRedis => true;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["REDIS_TIMEOUT_MS"] = "200",
    };
}

/// <summary>
/// docs/operations.md: with Redis down, rate limiting fails open, the cache misses, the policy stays at its last-known-good
/// version, no request waits on Redis for long and readiness says so; once Redis is back the gateway recovers by
/// itself, and reseeds the empty Redis with the policy in force.
/// </summary>
public sealed class RedisOutageTests(OutageRedisFixture fixture, ITestOutputHelper output) : IClassFixture<OutageRedisFixture>
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Generous for a busy machine; the fail-open path itself takes milliseconds.</summary>
    private static readonly TimeSpan MaxRequestDuringOutage = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PauseLength = TimeSpan.FromSeconds(3);

    private static readonly string[] RateLimitHeaders = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];

    [Fact]
    public async Task Generate_RedisStopped_FailsOpenFastKeepsThePolicyAndRecoversWhenRedisIsBack()
    {
        using var anonymous = Client(fixture.A.CreateClient());
        using var admin = Client(fixture.A.CreateAdminClient());
        using var user = Client(fixture.A.CreateUserClient());
        await WaitUntilReadyAsync(anonymous);

        var term = NewTerm();
        var version = await admin.ChangePolicyAsync(policy => policy["blocked_terms"] = new JsonArray(term));
        var cachedPrompt = UniquePrompt("cached before the outage");
        using (var first = await user.PostGenerateAsync(cachedPrompt))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.True(first.Headers.Contains("X-RateLimit-Remaining"), "Rate limiting is not on before the outage.");
        }

        await AssertCacheHitAsync(user, cachedPrompt);

        await fixture.Redis.StopAsync();
        try
        {
            foreach (var prompt in (string[])[cachedPrompt, UniquePrompt("during the outage 1"), cachedPrompt, UniquePrompt("during the outage 2"), UniquePrompt("during the outage 3")])
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await user.PostGenerateAsync(prompt);
                var elapsed = Stopwatch.GetElapsedTime(started);

                var body = await response.ReadJsonAsync(HttpStatusCode.OK);
                Assert.True(elapsed < MaxRequestDuringOutage, $"A request took {elapsed.TotalMilliseconds:0} ms with Redis down.");
                Assert.All(RateLimitHeaders, name => Assert.False(response.Headers.Contains(name), $"{name} was sent although the limit failed open."));
                Assert.Equal("MISS", response.SingleHeader("X-Cache"));
                Assert.False(body.GetProperty("cached").GetBoolean());
                Assert.Equal(version, body.GetProperty("policy_version").GetInt64());
            }

            // The last-known-good version is still enforced.
            using (var refused = await user.PostGenerateAsync(UniquePrompt($"about {term}")))
            {
                await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
            }

            var (status, readiness) = await anonymous.ReadinessAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("unavailable", readiness.GetProperty("status").GetString());
            Assert.Equal("unhealthy", readiness.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
            Assert.Equal(version, readiness.GetProperty("policy_version").GetInt64());

            // Logins never fail open.
            var loginStarted = Stopwatch.GetTimestamp();
            using var login = await anonymous.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.AdminUserId, password = GatewayApiFactory.AdminPassword });
            await login.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "store_unavailable");
            Assert.True(Stopwatch.GetElapsedTime(loginStarted) < MaxRequestDuringOutage, "The refused login waited on Redis.");
        }
        finally
        {
            await fixture.Redis.StartAsync();
        }

        // Back without restarting the gateway: ready again, and requests are counted again (from zero: Redis is empty).
        var redisBack = Stopwatch.GetTimestamp();
        await WaitUntilReadyAsync(anonymous);
        var ready = Stopwatch.GetElapsedTime(redisBack);
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var counted = Client(fixture.A.CreateUserClient());
                using var response = await counted.PostGenerateAsync(UniquePrompt("after the outage"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return RateLimitHeaders.All(response.Headers.Contains)
                    && response.LongHeader("X-RateLimit-Remaining") == response.LongHeader("X-RateLimit-Limit") - 1;
            },
            TimeSpan.FromSeconds(5),
            "requests were not counted again after Redis came back");
        var counted = Stopwatch.GetElapsedTime(redisBack);

        // And the cache serves again: a fresh answer is stored and the same prompt comes back as a hit. (A user of its
        // own: Redis came back empty, so the account the first user's token names is gone, and with it the token.)
        using var userAfter = Client(fixture.A.CreateUserClient());
        var freshPrompt = UniquePrompt("cached after the outage");
        using (var fresh = await userAfter.PostGenerateAsync(freshPrompt))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        await AssertCacheHitAsync(userAfter, freshPrompt);
        var hits = Stopwatch.GetElapsedTime(redisBack);

        const string During = "requests 200 within budget, rate limit fails open (no X-RateLimit-*), cache MISS, last-known-good policy enforced, login 503 store_unavailable, /health/ready 503";
        output.Recovered("Redis stopped, then restarted empty", During + "; after: /health/ready 200", ready);
        output.Recovered("Redis stopped, then restarted empty", "after: requests counted by the rate limit again", counted);
        output.Recovered("Redis stopped, then restarted empty", "after: answers served from the cache again (X-Cache: HIT)", hits);
    }

    [Fact]
    public async Task Generate_RedisPausedLongerThanTheTimeout_FailsOpenWithinBudgetAndRecoversByItself()
    {
        using var anonymous = Client(fixture.A.CreateClient());
        using var user = Client(fixture.A.CreateUserClient());
        await WaitUntilReadyAsync(anonymous);
        using (var before = await user.PostGenerateAsync(UniquePrompt("before the pause")))
        {
            Assert.True(before.Headers.Contains("X-RateLimit-Remaining"), "Rate limiting is not on before the pause.");
        }

        // Redis accepts connections but answers nothing for 3 s — slower than REDIS_TIMEOUT_MS (200 ms), not down.
        var settings = fixture.Redis.GatewaySettings;
        var configuration = settings.TryGetValue("REDIS_CONFIGURATION", out var full) && !string.IsNullOrEmpty(full)
            ? full
            : $"{settings["REDIS_HOST"]}:{settings["REDIS_PORT"]}";
        // The control connection stays open until the pause is over: closing it sends QUIT, which the pause holds
        // back too, so a dispose here would wait out the pause and the requests below would all come after it.
        await using var control = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(configuration + ",allowAdmin=true");
        var paused = Stopwatch.StartNew();
        await control.GetServer(control.GetEndPoints()[0]).ExecuteAsync("CLIENT", "PAUSE", ((int)PauseLength.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "ALL");

        for (var i = 0; i < 4; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await user.PostGenerateAsync(UniquePrompt($"during the pause {i}"));
            var elapsed = Stopwatch.GetElapsedTime(started);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(elapsed < MaxRequestDuringOutage, $"A request took {elapsed.TotalMilliseconds:0} ms while Redis was paused.");
            Assert.All(RateLimitHeaders, name => Assert.False(response.Headers.Contains(name), $"{name} was sent although the limit failed open."));
        }

        Assert.True(paused.Elapsed < PauseLength, "The requests were not all made inside the pause; the test proves nothing.");
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var response = await user.PostGenerateAsync(UniquePrompt("after the pause"));
                return response.StatusCode == HttpStatusCode.OK && RateLimitHeaders.All(response.Headers.Contains);
            },
            RecoveryDeadline,
            "requests were not counted again after the pause ended");

        // The pause began just after the stopwatch started, so this overstates the recovery by at most one round trip.
        output.Recovered(
            "Redis CLIENT PAUSE 3 s (REDIS_TIMEOUT_MS 200)",
            "requests 200 within budget, rate limit fails open (no X-RateLimit-*); after: requests counted again",
            paused.Elapsed - PauseLength);
    }

    [Fact]
    public async Task AdminPolicy_RedisRestartedEmpty_IsReseededWithThePolicyInForce()
    {
        using var anonymous = Client(fixture.A.CreateClient());
        using var admin = Client(fixture.A.CreateAdminClient());
        await WaitUntilReadyAsync(anonymous);

        var term = NewTerm();
        var version = await admin.ChangePolicyAsync(policy => policy["blocked_terms"] = new JsonArray(term));

        await fixture.Redis.StopAsync();
        await fixture.Redis.StartAsync();
        var redisBack = Stopwatch.GetTimestamp();
        await WaitUntilReadyAsync(anonymous);

        // The store answers again, with the document that was in force here (Redis itself came back empty, accounts
        // included: the admin's account is seeded again).
        admin.Dispose();
        using var adminAfter = Client(fixture.A.CreateAdminClient());
        JsonElement reseeded = default;
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var response = await adminAfter.GetAsync("/admin/policy");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                reseeded = await response.ReadJsonAsync(HttpStatusCode.OK);
                return true;
            },
            RecoveryDeadline,
            "GET /admin/policy never answered 200 after Redis came back");
        output.Recovered("Redis restarted empty", "admin policy API 503 while down; after: the policy in force reseeded, GET /admin/policy 200", Stopwatch.GetElapsedTime(redisBack));
        Assert.Equal(term, Assert.Single(reseeded.GetProperty("policy").GetProperty("blocked_terms").EnumerateArray()).GetString());
        Assert.Equal(version, reseeded.GetProperty("version").GetInt64()); // version numbers never go backwards
        await RedisGatewayCalls.EventuallyAsync(
            async () => await anonymous.PolicyVersionAsync() == reseeded.GetProperty("version").GetInt64(),
            RecoveryDeadline,
            "the instance does not enforce the version Redis holds");

        using var user = Client(fixture.A.CreateUserClient());
        using (var refused = await user.PostGenerateAsync(UniquePrompt($"about {term}")))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
        }

        // A new instance knows only what Redis holds: it enforces the rule from its start.
        var late = fixture.StartInstance(new Dictionary<string, string?> { ["REDIS_TIMEOUT_MS"] = "1000" });
        using var lateUser = late.CreateUserClient();
        using var refusedByLate = await lateUser.PostGenerateAsync(UniquePrompt($"about {term}"));
        await refusedByLate.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
    }

    [Fact]
    public async Task InstanceStartedDuringOutage_RedisBackEmpty_DoesNotReplaceThePolicyAdminsPublished()
    {
        using var anonymous = Client(fixture.A.CreateClient());
        using var admin = Client(fixture.A.CreateAdminClient());
        await WaitUntilReadyAsync(anonymous);
        var term = NewTerm();
        var version = await admin.ChangePolicyAsync(policy => policy["blocked_terms"] = new JsonArray(term));

        await fixture.Redis.StopAsync();
        RedisGatewayApiFactory late;
        try
        {
            // Starts on the built-in default (v0): it has never seen the admins' policy, and is not ready.
            late = fixture.StartInstance(new Dictionary<string, string?> { ["REDIS_TIMEOUT_MS"] = "200" });
            using var lateAnonymous = Client(late.CreateClient());
            var (status, readiness) = await lateAnonymous.ReadinessAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal(0, readiness.GetProperty("policy_version").GetInt64());
        }
        finally
        {
            await fixture.Redis.StartAsync();
        }

        // Redis is back empty. Whichever instance gets there first, the highest version seen wins: the late
        // instance's default must not replace the admins' policy, neither in Redis nor on either instance.
        using var lateAdmin = Client(late.CreateAdminClient());
        using var lateUser = Client(late.CreateUserClient());
        using var lateAnonymousAfter = Client(late.CreateClient());
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var response = await lateAdmin.GetAsync("/admin/policy");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                var live = await response.ReadJsonAsync(HttpStatusCode.OK);
                return live.GetProperty("version").GetInt64() >= version
                    && live.GetProperty("policy").GetProperty("blocked_terms").EnumerateArray().Any(t => t.GetString() == term)
                    && await lateAnonymousAfter.PolicyVersionAsync() == live.GetProperty("version").GetInt64()
                    && await anonymous.PolicyVersionAsync() == live.GetProperty("version").GetInt64();
            },
            RecoveryDeadline,
            "the admins' policy did not survive an instance that started on the default during the outage");

        using var refused = await lateUser.PostGenerateAsync(UniquePrompt($"about {term}"));
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
    }

    [Fact]
    public async Task Login_RedisRestartedEmpty_BootstrapAdminComesBack()
    {
        using var anonymous = Client(fixture.A.CreateClient());
        await WaitUntilReadyAsync(anonymous);

        await fixture.Redis.StopAsync();
        await fixture.Redis.StartAsync();
        var redisBack = Stopwatch.GetTimestamp();
        await WaitUntilReadyAsync(anonymous);

        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var login = await anonymous.PostAsJsonAsync("/login", new { user_id = GatewayApiFactory.AdminUserId, password = GatewayApiFactory.AdminPassword });
                return login.StatusCode == HttpStatusCode.OK;
            },
            RecoveryDeadline,
            "the bootstrap admin could not log in after Redis came back empty");
        output.Recovered("Redis restarted empty", "login 503 store_unavailable while down; after: the bootstrap admin recreated, login 200", Stopwatch.GetElapsedTime(redisBack));
    }

    private static HttpClient Client(HttpClient client)
    {
        client.Timeout = ClientTimeout;
        return client;
    }

    private static async Task WaitUntilReadyAsync(HttpClient anonymous) =>
        await RedisGatewayCalls.EventuallyAsync(
            async () => (await anonymous.ReadinessAsync()).Status == HttpStatusCode.OK,
            RecoveryDeadline,
            "/health/ready never answered 200 with Redis up",
            TimeSpan.FromMilliseconds(100));

    private static async Task AssertCacheHitAsync(HttpClient client, string prompt)
    {
        // The cache write does not wait for Redis, so the hit can lag the first answer by a moment.
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var response = await client.PostGenerateAsync(prompt);
                return response.StatusCode == HttpStatusCode.OK && response.SingleHeader("X-Cache") == "HIT";
            },
            TimeSpan.FromSeconds(5),
            "the answer was never served from the cache before the outage");
    }

    private static string NewTerm() => $"outageterm{Guid.NewGuid():N}";

    private static string UniquePrompt(string text) => $"{text} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";
}
