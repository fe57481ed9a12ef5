using System.Globalization;
using System.Net;
using LlmGateway.IntegrationTests.Fixtures;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>One instance on a Redis of its own, so the server's counters are this instance's requests alone.</summary>
public sealed class SpendRoundTripFixture : RedisGatewaysFixture
{
    protected override int InitialInstances => 1;

    protected override bool NeedsRestartableRedis => true;

    // No periodic policy check during the measurement: each one is a script call of its own.
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["POLICY_REFRESH_SECONDS"] = "3600",
        ["RATE_LIMIT"] = "100000",
    };
}

/// <summary>
/// What the token limits and budgets cost on the hot path, counted on the Redis server (issue 22's target: at most
/// one more round trip, pipelined with the rate limit). Sequential cache-missing chat completions, first with an access
/// token and no limit (nothing is reserved: the request's only new command is its settlement, not awaited), then with
/// an API key with a tokens-per-minute limit and a budget (the reservation script leaves with the rate-limit script and
/// the cache read). Redis' <c>total_reads_processed</c> counts the socket reads it served — what
/// bench/redis-round-trips.sh counts with strace — so reads per request are round trips per request, the writes that
/// are not awaited (cache write, settlement) included.
/// </summary>
public sealed class SpendRoundTripTests(SpendRoundTripFixture fixture, ITestOutputHelper output) : IClassFixture<SpendRoundTripFixture>
{
    private const int Requests = 40;

    private const int Rounds = 3;

    [Fact]
    public async Task ChatCompletion_WithTokenLimitAndBudget_AddsOneScriptAndAtMostOneRoundTrip()
    {
        using var admin = fixture.A.CreateAdminClient();
        var userId = await admin.CreateUserAsync();
        var key = (await MintAsync(admin, userId)).Key();
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{fixture.Redis.GatewaySettings["REDIS_HOST"]}:{fixture.Redis.GatewaySettings["REDIS_PORT"]},allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);

        // Rounds in turn, compared by their medians: one round of either case can coalesce more or fewer reads than
        // usual (a CI run once saw 1.45 reads per request without limits, against 2.1–2.5 in every other run).
        var token = fixture.A.TokenFor(userId, "user");
        var unlimitedRounds = new List<Cost>();
        var limitedRounds = new List<Cost>();
        for (var round = 0; round < Rounds; round++)
        {
            unlimitedRounds.Add(await MeasureAsync(server, token, $"no limit, round {round + 1}"));
            limitedRounds.Add(await MeasureAsync(server, key, $"tpm_limit + budget, round {round + 1}"));
        }

        var unlimited = Median(unlimitedRounds);
        var limited = Median(limitedRounds);

        // The reservation is one more script per request; the settlement is one in both cases.
        Assert.Equal(2.0, unlimited.Scripts, 1);
        Assert.Equal(3.0, limited.Scripts, 1);

        // Issue 22's bound: at most one more round trip. The reservation leaves with the rate limit and the cache read
        // (sent before either is awaited); on a quiet machine it shares their read (+0), under load it is often read by
        // Redis on its own (+1), still in flight at the same time as them.
        Assert.True(limited.Reads - unlimited.Reads <= 1.5, $"reads per request: {unlimited.Reads:0.00} without limits, {limited.Reads:0.00} with");
    }

    private async Task<Cost> MeasureAsync(IServer server, string credential, string label)
    {
        using var client = fixture.A.CreateClientWithToken(credential);
        await SendAsync(client, $"warm-up {label}"); // loads the scripts (NOSCRIPT → EVAL once) and the credential cache

        var (reads, scripts) = await CountersAsync(server);
        for (var i = 0; i < Requests; i++)
        {
            await SendAsync(client, $"{label} {i}");
        }

        // The settlements are not awaited by the requests: let the last one land.
        await Task.Delay(200);
        var (readsAfter, scriptsAfter) = await CountersAsync(server);
        var cost = new Cost(
            (readsAfter - reads - 1) / (double)Requests, // the INFO call itself is one read
            (scriptsAfter - scripts) / (double)Requests);
        output.WriteLine($"{label}: {cost.Reads:0.00} Redis reads (round trips) and {cost.Scripts:0.00} script calls per request ({Requests} sequential cache misses)");
        return cost;
    }

    private static Cost Median(List<Cost> rounds) =>
        new(rounds.Select(c => c.Reads).Order().ElementAt(rounds.Count / 2), rounds.Select(c => c.Scripts).Order().ElementAt(rounds.Count / 2));

    private static async Task SendAsync(HttpClient client, string text)
    {
        using var response = await client.PostRawJsonAsync(
            "/v1/chat/completions",
            $$"""{"model":"gpt-4o-mini","max_tokens":16,"messages":[{"role":"user","content":"Round trips {{text}} {{Guid.NewGuid():N}}"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Reads served and script calls (EVALSHA, EVAL), server-wide. Other command counts would mislead: Redis counts the
    /// commands a script calls as commands too.
    /// </summary>
    private static async Task<(long Reads, long Scripts)> CountersAsync(IServer server)
    {
        long reads = 0, scripts = 0;
        foreach (var group in await server.InfoAsync("everything"))
        {
            foreach (var pair in group)
            {
                if (pair.Key == "total_reads_processed")
                {
                    reads = long.Parse(pair.Value, CultureInfo.InvariantCulture);
                }
                else if (pair.Key is "cmdstat_evalsha" or "cmdstat_eval")
                {
                    scripts += long.Parse(pair.Value.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture);
                }
            }
        }

        return (reads, scripts);
    }

    private static async Task<System.Text.Json.JsonElement> MintAsync(HttpClient admin, string userId)
    {
        using var response = await admin.PostRawJsonAsync(
            "/admin/keys",
            $$$"""{"user_id":"{{{userId}}}","name":"round trips","tpm_limit":100000000,"budget":{"amount_usd":1000,"period":"month"}}""");
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    private sealed record Cost(double Reads, double Scripts);
}
