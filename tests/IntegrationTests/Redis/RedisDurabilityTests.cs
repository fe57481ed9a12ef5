using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>
/// A redis-server of this class's own with the append-only file on (<c>appendfsync always</c>: every acknowledged write
/// is on disk) in a temporary directory, so it can be killed and started again on the same data, as the compose
/// stack's Redis is on its volume.
/// </summary>
public sealed class DurableRedisFixture : RedisGatewaysFixture
{
    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("llmgw-aof-");
    private RedisServerProcess? _server;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Redis has not started.");

    protected override int InitialInstances => 1;

    protected override async Task<IReadOnlyDictionary<string, string?>> StartRedisAsync()
    {
        _server = await RedisServerProcess.StartNewAsync("--dir", _dataDirectory.FullName, "--appendonly", "yes", "--appendfsync", "always");
        return _server.GatewaySettings;
    }

    protected override async Task StopRedisAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _dataDirectory.Delete(recursive: true);
    }
}

/// <summary>
/// docs/operations.md, "Durability": what the gateway stores in Redis survives Redis being killed and started again on
/// its append-only file. Written through the API, checked through the API — on the instance that ran through the
/// restart (it reconnects by itself) and on one started afterwards, which knows only what Redis gave back. Each kind of
/// record is one entry of <see cref="Records"/>: its write returns the check to run after the restart.
/// </summary>
public sealed class RedisDurabilityTests(DurableRedisFixture fixture, ITestOutputHelper output) : IClassFixture<DurableRedisFixture>
{
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Writes a record through <paramref name="admin"/> of <paramref name="gateway"/>; returns the check that it is back, given an instance and its admin.</summary>
    private delegate Task<Func<RedisGatewayApiFactory, HttpClient, Task>> DurableRecord(RedisGatewayApiFactory gateway, HttpClient admin);

    private static readonly (string Name, DurableRecord Write)[] Records =
    [
        ("user and password", WriteUserAsync),
        ("API key", WriteApiKeyAsync),
        ("policy and its history", WritePolicyAsync),
        ("team, its member and its overlay", WriteTeamAsync),
        ("spend in the usage report", WriteSpendAsync),
    ];

    [Fact]
    public async Task Records_RedisKilledAndRestartedOnItsAppendOnlyFile_AreAllBack()
    {
        using var admin = fixture.A.CreateAdminClient();
        var checks = new List<(string Name, Func<RedisGatewayApiFactory, HttpClient, Task> Check)>();
        foreach (var (name, write) in Records)
        {
            checks.Add((name, await write(fixture.A, admin)));
        }

        var pid = fixture.Server.ProcessId;
        await fixture.Server.StopAsync(); // SIGKILL: no shutdown save, only what the append-only file holds
        Assert.NotNull(pid);
        await fixture.Server.StartAsync();
        output.WriteLine($"redis-server {pid} killed, restarted as {fixture.Server.ProcessId} on the same directory");

        // The instance that ran through the restart reconnects by itself.
        using (var anonymous = fixture.A.CreateClient())
        {
            await RedisGatewayCalls.EventuallyAsync(
                async () => (await anonymous.ReadinessAsync()).Status == HttpStatusCode.OK,
                RecoveryDeadline,
                "instance A never became ready again after Redis restarted");
        }

        var late = fixture.StartInstance();
        foreach (var (instanceName, gateway) in (List<(string, RedisGatewayApiFactory)>)[("A (ran through the restart)", fixture.A), ("started after the restart", late)])
        {
            using var adminAfter = gateway.CreateAdminClient();
            foreach (var (name, check) in checks)
            {
                try
                {
                    await check(gateway, adminAfter);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new Xunit.Sdk.XunitException($"{name}, on instance {instanceName}: {e.Message}", e);
                }
            }
        }
    }

    /// <summary>A user created through the API logs in with its password afterwards.</summary>
    private static async Task<Func<RedisGatewayApiFactory, HttpClient, Task>> WriteUserAsync(RedisGatewayApiFactory gateway, HttpClient admin)
    {
        var userId = GatewayApiFactory.NewUserId();
        const string password = "durable-user-password-1";
        using (var created = await admin.PostAsJsonAsync("/admin/users", new { user_id = userId, password, role = "user" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        return async (gateway, adminAfter) =>
        {
            using var listed = await adminAfter.GetAsync($"/admin/users/{userId}");
            Assert.Equal("user", (await listed.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("role").GetString());
            using var anonymous = gateway.CreateClient();
            using var login = await anonymous.PostAsJsonAsync("/login", new { user_id = userId, password });
            Assert.False(string.IsNullOrEmpty((await login.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("access_token").GetString()));
        };
    }

    /// <summary>A key minted through the API still authenticates its user afterwards.</summary>
    private static async Task<Func<RedisGatewayApiFactory, HttpClient, Task>> WriteApiKeyAsync(RedisGatewayApiFactory gateway, HttpClient admin)
    {
        var owner = await admin.CreateUserAsync();
        var minted = await admin.MintKeyAsync(owner);
        var key = minted.Key();
        var id = minted.Id();

        return async (gateway, adminAfter) =>
        {
            Assert.NotNull((await adminAfter.ListKeysAsync(id)).Entry);
            using var keyed = gateway.CreateClientWithToken(key);
            using var response = await keyed.PostGenerateAsync($"durable {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
            await response.ReadJsonAsync(HttpStatusCode.OK);
        };
    }

    /// <summary>A team, a user moved into it and the team's policy overlay are all back afterwards.</summary>
    private static async Task<Func<RedisGatewayApiFactory, HttpClient, Task>> WriteTeamAsync(RedisGatewayApiFactory gateway, HttpClient admin)
    {
        var teamId = await admin.CreateTeamAsync("Durable team");
        var member = await admin.CreateMemberAsync(teamId);
        var term = $"durable-team-term-{Guid.NewGuid():N}";
        using (var overlay = await admin.PutTeamPolicyAsync(teamId, $$"""{"blocked_terms": ["{{term}}"]}""", confirmProtectionOff: true))
        {
            Assert.Equal(1, (await overlay.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
        }

        return async (_, adminAfter) =>
        {
            using var team = await adminAfter.GetAsync($"/admin/teams/{teamId}");
            Assert.Equal("Durable team", (await team.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("name").GetString());
            using var user = await adminAfter.GetAsync($"/admin/users/{member}");
            Assert.Equal(teamId, (await user.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("team_id").GetString());
            using var overlay = await adminAfter.GetAsync($"/admin/teams/{teamId}/policy");
            var body = await overlay.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(1, body.GetProperty("version").GetInt64());
            Assert.Equal(term, body.GetProperty("policy").GetProperty("blocked_terms")[0].GetString());
        };
    }

    /// <summary>A user's answered request is in the usage report afterwards, counted once.</summary>
    private static async Task<Func<RedisGatewayApiFactory, HttpClient, Task>> WriteSpendAsync(RedisGatewayApiFactory gateway, HttpClient admin)
    {
        var spender = await admin.CreateMemberAsync("default");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var report = $"/admin/usage?group_by=user&from={today}&to={today}";
        using (var client = await gateway.LoggedInAsync(spender))
        using (var answered = await client.PostGenerateAsync($"durable spend {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}"))
        {
            await answered.ReadJsonAsync(HttpStatusCode.OK);
        }

        // The settlement is written after the answer, not awaited by it.
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var usage = await admin.GetAsync(report);
                return RequestsOf(await usage.ReadJsonAsync(HttpStatusCode.OK), spender) == 1;
            },
            RecoveryDeadline,
            "the answered request never reached the usage report");
        return async (_, adminAfter) =>
        {
            using (var once = await adminAfter.GetAsync(report))
            {
                Assert.Equal(1, RequestsOf(await once.ReadJsonAsync(HttpStatusCode.OK), spender));
            }
        };

        static long RequestsOf(JsonElement usage, string userId) =>
            usage.GetProperty("groups").EnumerateArray().Where(g => g.GetProperty("group").GetString() == userId).Sum(g => g.GetProperty("requests").GetInt64());
    }

    /// <summary>
    /// A published policy is in force afterwards, with its history. The history matters: an instance that finds Redis
    /// empty puts back the version it enforces, but not the versions before it.
    /// </summary>
    private static async Task<Func<RedisGatewayApiFactory, HttpClient, Task>> WritePolicyAsync(RedisGatewayApiFactory gateway, HttpClient admin)
    {
        var term = $"durable-term-{Guid.NewGuid():N}";
        var first = await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add($"{term}-first"));
        var second = await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add(term));

        return async (_, adminAfter) =>
        {
            var live = await adminAfter.GetPolicyAsync();
            Assert.Equal(second, live.Version);
            Assert.Contains(live.Policy.BlockedTerms(), t => t!.GetValue<string>() == term);
            using var history = await adminAfter.GetAsync("/admin/policy/history");
            var versions = (await history.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt64()).ToList();
            Assert.Contains(first, versions);
            Assert.Contains(second, versions);
        };
    }
}
