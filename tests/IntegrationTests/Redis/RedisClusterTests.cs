using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LlmGateway.IntegrationTests.Fixtures;
using StackExchange.Redis;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>Two instances on a three-master Redis Cluster (REDIS_CONFIGURATION lists every node), RATE_LIMIT=5.</summary>
public sealed class RedisClusterFixture : RedisGatewaysFixture
{
    public const int RateLimit = 5;

    private RedisCluster? _cluster;
    private ConnectionMultiplexer? _observer;

    public RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>A client of the tests' own, to look at where keys landed.</summary>
    public IConnectionMultiplexer Observer => _observer ?? throw new InvalidOperationException("The cluster is not started.");

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RATE_LIMIT"] = RateLimit.ToString(CultureInfo.InvariantCulture),
    };

    protected override async Task<IReadOnlyDictionary<string, string?>> StartRedisAsync()
    {
        _cluster = await RedisCluster.StartAsync();
        _observer = await ConnectionMultiplexer.ConnectAsync(_cluster.Configuration);
        return new Dictionary<string, string?>
        {
            ["REDIS_HOST"] = string.Empty,
            ["REDIS_CONFIGURATION"] = _cluster.Configuration,
        };
    }

    protected override async Task StopRedisAsync()
    {
        if (_observer is not null)
        {
            await _observer.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>
/// Every Lua script runs on Redis Cluster: the rate-limit script on whichever node holds each user's counter, the
/// policy scripts on the node of the <c>{policy}</c> hash tag; the cache and the change messages work across nodes.
/// </summary>
public sealed class RedisClusterTests(RedisClusterFixture fixture) : IClassFixture<RedisClusterFixture>
{
    private const int Limit = RedisClusterFixture.RateLimit;
    private const int Masters = 3;

    [Fact]
    public async Task Generate_UsersWhoseCountersLiveOnDifferentNodes_EachGetsExactlyTheLimit()
    {
        // Pick users until their counters sit on all three masters; each pick costs the user one request.
        var usersByNode = new Dictionary<EndPoint, string>();
        for (var attempt = 0; usersByNode.Count < Masters; attempt++)
        {
            Assert.True(attempt < 100, "No three users whose counters land on three different nodes.");
            var userId = GatewayApiFactory.NewUserId();
            using var client = fixture.A.CreateClientFor(userId, "user");
            using var first = await client.PostGenerateAsync(UniquePrompt("first"));
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(Limit - 1, first.LongHeader("X-RateLimit-Remaining"));
            usersByNode.TryAdd(await NodeHoldingAsync(userId), userId);
        }

        foreach (var userId in usersByNode.Values)
        {
            using var onA = fixture.A.CreateClientFor(userId, "user");
            using var onB = fixture.B.CreateClientFor(userId, "user");
            var responses = await Task.WhenAll(Enumerable.Range(0, 2 * Limit)
                .Select(i => (i % 2 == 0 ? onA : onB).PostGenerateAsync(UniquePrompt($"burst {i}"))));
            try
            {
                Assert.All(responses, r => Assert.Equal(Limit, r.LongHeader("X-RateLimit-Limit")));
                Assert.Equal(Limit - 1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
                Assert.Equal(Limit + 1, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
            }
            finally
            {
                foreach (var response in responses)
                {
                    response.Dispose();
                }
            }
        }
    }

    [Fact]
    public async Task PutPolicy_OnCluster_PublishesTheNextVersionWithHistoryAndReachesTheOtherInstance()
    {
        using var adminA = fixture.A.CreateAdminClient();
        using var adminB = fixture.B.CreateAdminClient();
        var live = await adminA.GetPolicyAsync();
        var term = $"clusterterm{Guid.NewGuid():N}";
        var changed = live.Policy.DeepClone().AsObject();
        changed["blocked_terms"] = new JsonArray(term);

        using var put = await adminA.PutPolicyAsync(changed, live.ETag);
        var published = await put.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(live.Version + 1, published.GetProperty("version").GetInt64());

        // The If-Match check of the publish script works on the cluster too.
        using var stale = await adminB.PutPolicyAsync(live.Policy, live.ETag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        using var historyResponse = await adminB.GetAsync("/admin/policy/history");
        var versions = (await historyResponse.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([live.Version + 1, live.Version], versions.Take(2).Select(v => v.GetProperty("version").GetInt64()));
        Assert.Equal(term, versions[0].GetProperty("policy").GetProperty("blocked_terms")[0].GetString());

        // The change message crosses the cluster: B enforces the new version.
        using var readyB = fixture.B.CreateClient();
        await RedisGatewayCalls.EventuallyAsync(
            async () => await readyB.PolicyVersionAsync() == live.Version + 1,
            TimeSpan.FromSeconds(5),
            $"B never enforced v{live.Version + 1}");
        using var user = fixture.B.CreateUserClient();
        using var refused = await user.PostGenerateAsync(UniquePrompt($"about {term}"));
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
    }

    [Fact]
    public async Task Generate_AnswerCachedOnCluster_IsAHitOnTheOtherInstance()
    {
        var prompt = UniquePrompt("Explain clustered caches in one sentence");
        using var onA = fixture.A.CreateUserClient();
        using var onB = fixture.B.CreateUserClient();
        using var first = await onA.PostGenerateAsync(prompt);
        var answer = await first.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("MISS", first.SingleHeader("X-Cache"));

        string? hitAnswer = null;
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/generate") { Content = JsonContent.Create(new { prompt }) };
                request.Headers.CacheControl = new CacheControlHeaderValue { NoStore = true };
                using var response = await onB.SendAsync(request);
                hitAnswer = (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("response").GetString();
                return response.SingleHeader("X-Cache") == "HIT";
            },
            TimeSpan.FromSeconds(5),
            "the answer cached by A was never a HIT on B");
        Assert.Equal(answer.GetProperty("response").GetString(), hitAnswer);
    }

    /// <summary>The master that holds the rate-limit counter of <paramref name="userId"/> (its account lives elsewhere).</summary>
    private async Task<EndPoint> NodeHoldingAsync(string userId)
    {
        var holders = new List<EndPoint>();
        foreach (var server in fixture.Observer.GetServers())
        {
            await foreach (var _ in server.KeysAsync(pattern: $"{fixture.KeyPrefix}rl:{userId}:*"))
            {
                holders.Add(server.EndPoint);
                break;
            }
        }

        return Assert.Single(holders);
    }

    private static string UniquePrompt(string text) => $"{text} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";
}
