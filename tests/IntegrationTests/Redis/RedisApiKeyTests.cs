using System.Diagnostics;
using System.Net;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>Two instances on one Redis.</summary>
public sealed class ApiKeyRedisFixture : RedisGatewaysFixture;

/// <summary>API keys are shared state: minted on one instance, they work, list and revoke on any — revocation at once.</summary>
public sealed class RedisApiKeyTests(ApiKeyRedisFixture fixture) : IClassFixture<ApiKeyRedisFixture>
{
    [Fact]
    public async Task Key_MintedOnA_WorksOnBAndIsRefusedOnAWithinASecondOfRevocationOnB()
    {
        using var adminOnA = fixture.A.CreateAdminClient();
        using var adminOnB = fixture.B.CreateAdminClient();
        var userId = await adminOnA.CreateUserAsync();
        var minted = await adminOnA.MintKeyAsync(userId);

        using var serviceOnA = fixture.A.CreateClientWithToken(minted.Key());
        using var serviceOnB = fixture.B.CreateClientWithToken(minted.Key());
        using (var onB = await serviceOnB.PostGenerateAsync(Prompt("on B")))
        {
            await onB.ReadJsonAsync(HttpStatusCode.OK);
        }

        using (var onA = await serviceOnA.PostGenerateAsync(Prompt("on A")))
        {
            await onA.ReadJsonAsync(HttpStatusCode.OK);
        }

        var (body, entry) = await adminOnB.ListKeysAsync(minted.Id());
        Assert.NotNull(entry);
        Assert.DoesNotContain(minted.Key()[20..], body, StringComparison.Ordinal);

        await adminOnB.RevokeKeyAsync(minted.Id());

        // The revocation is published with the write; the other instance drops its cached key when the message arrives,
        // which the documented contract bounds at 1 s (docs/security.md, "Lifecycle"): a request racing the message may pass.
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var probe = await serviceOnA.PostGenerateAsync(Prompt("racing the revocation on A"));
                return probe.StatusCode == HttpStatusCode.Unauthorized;
            },
            TimeSpan.FromSeconds(1),
            "the revoked key still worked on A after 1 s",
            TimeSpan.FromMilliseconds(5));
        using var afterOnA = await serviceOnA.PostGenerateAsync(Prompt("after revocation on A"));
        await afterOnA.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var (_, revoked) = await adminOnA.ListKeysAsync(minted.Id());
        Assert.True(Assert.NotNull(revoked).GetProperty("revoked").GetBoolean());
    }

    [Fact]
    public async Task AdminKey_MintedOnB_ManagesKeysOnA()
    {
        using var adminOnB = fixture.B.CreateAdminClient();
        var minted = await adminOnB.MintKeyAsync(GatewayApiFactory.AdminUserId, role: "admin");
        using var keyAdminOnA = fixture.A.CreateClientWithToken(minted.Key());

        var userId = await keyAdminOnA.CreateUserAsync();
        var second = await keyAdminOnA.MintKeyAsync(userId);
        await keyAdminOnA.RevokeKeyAsync(second.Id());

        using var serviceOnB = fixture.B.CreateClientWithToken(second.Key());
        using var refused = await serviceOnB.PostGenerateAsync(Prompt("revoked by a key admin"));
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static string Prompt(string text) => $"{text} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";
}

/// <summary>
/// One instance on a Redis of its own that the test stops and starts, with the tests' usual REDIS_TIMEOUT_MS (1 s) rather
/// than the outage tests' 200 ms: minting the key before the outage fails closed (503) on a single slow Redis call, which a
/// busy CI machine produced; with Redis stopped every call fails at once whatever the timeout.
/// </summary>
public sealed class KeyOutageRedisFixture : RedisGatewaysFixture
{
    protected override int InitialInstances => 1;

    protected override bool NeedsRestartableRedis => true;
}

/// <summary>A key cannot be checked while Redis is down: 503 store_unavailable once its cached entry (≤ 1 s) expired, never let in unchecked.</summary>
public sealed class RedisApiKeyOutageTests(KeyOutageRedisFixture fixture) : IClassFixture<KeyOutageRedisFixture>
{
    private static readonly TimeSpan MaxRequestDuringOutage = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Key_RedisStopped_Returns503StoreUnavailableFastAndJwtsStillServe()
    {
        using var anonymous = fixture.A.CreateClient();
        await WaitUntilReadyAsync(anonymous);
        using var admin = fixture.A.CreateAdminClient();
        var minted = await admin.MintKeyAsync(await admin.CreateUserAsync());
        using var service = fixture.A.CreateClientWithToken(minted.Key());
        using var jwtUser = fixture.A.CreateUserClient();
        using (var before = await service.PostGenerateAsync(Prompt("before the outage")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var before = await jwtUser.PostGenerateAsync(Prompt("jwt before the outage")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await fixture.Redis.StopAsync();
        try
        {
            // A key checked in the last CREDENTIAL_CACHE_MILLISECONDS (1 s) may still be answered from memory; after that,
            // it cannot be checked.
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            for (var i = 0; i < 3; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var during = await service.PostGenerateAsync(Prompt($"during the outage {i}"));
                await during.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "store_unavailable");
                Assert.True(Stopwatch.GetElapsedTime(started) < MaxRequestDuringOutage, "The refused key waited on Redis.");
            }

            // A token of a user this instance has seen keeps working on the account's last known state (the rate
            // limit fails open); nobody can change the account while Redis is down.
            using var viaJwt = await jwtUser.PostGenerateAsync(Prompt("jwt during the outage"));
            Assert.Equal(HttpStatusCode.OK, viaJwt.StatusCode);
        }
        finally
        {
            await fixture.Redis.StartAsync();
        }

        // Redis came back empty (no persistence): the key is gone with it, and is refused like any unknown key.
        await WaitUntilReadyAsync(anonymous);
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var after = await service.PostGenerateAsync(Prompt("after the outage"));
                return after.StatusCode == HttpStatusCode.Unauthorized;
            },
            TimeSpan.FromSeconds(15),
            "the key of the emptied Redis was not refused with 401");
    }

    private static async Task WaitUntilReadyAsync(HttpClient anonymous) =>
        await RedisGatewayCalls.EventuallyAsync(
            async () => (await anonymous.ReadinessAsync()).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15),
            "/health/ready never answered 200 with Redis up",
            TimeSpan.FromMilliseconds(100));

    private static string Prompt(string text) => $"{text} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";
}
