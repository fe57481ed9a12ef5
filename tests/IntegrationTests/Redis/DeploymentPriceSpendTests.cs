using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>
/// One instance on Redis with a catalogue model on two fake upstreams that charge differently: <c>priced</c> on east
/// ($1 in, $2 out per million tokens) and west ($3 in, $40 out), equal weights.
/// </summary>
public sealed class DeploymentPriceRedisFixture : RedisGatewaysFixture
{
    public const string Model = "priced";

    private readonly FakeOpenAiUpstream _east = FakeOpenAiUpstream.StartAsync("east").GetAwaiter().GetResult();
    private readonly FakeOpenAiUpstream _west = FakeOpenAiUpstream.StartAsync("west").GetAwaiter().GetResult();

    public DeploymentPriceRedisFixture()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Providers:0:Name"] = "east",
            ["Providers:0:BaseUrl"] = _east.BaseUrl + "/v1",
            ["Providers:1:Name"] = "west",
            ["Providers:1:BaseUrl"] = _west.BaseUrl + "/v1",
            ["OPENAI_MODEL"] = Model,
            ["Models:0:Name"] = Model,
            ["Models:0:Deployments:0:Provider"] = "east",
            ["Models:0:Deployments:0:Price:Input"] = "1",
            ["Models:0:Deployments:0:Price:Output"] = "2",
            ["Models:0:Deployments:1:Provider"] = "west",
            ["Models:0:Deployments:1:Price:Input"] = "3",
            ["Models:0:Deployments:1:Price:Output"] = "40",
            ["LOCAL_FALLBACK"] = "false",
            ["RATE_LIMIT"] = "100000",
        };
    }

    /// <summary>Nano-dollars per input and output token, by the provider that served.</summary>
    public static IReadOnlyDictionary<string, (long Input, long Output)> Nanos { get; } = new Dictionary<string, (long, long)>
    {
        ["east"] = (1_000, 2_000),
        ["west"] = (3_000, 40_000),
    };

    protected override int InitialInstances => 1;

    protected override IReadOnlyDictionary<string, string?> Settings { get; }

    // After the gateways, which DisposeAsync stops first.
    protected override async Task StopRedisAsync()
    {
        await base.StopRedisAsync();
        await _east.DisposeAsync();
        await _west.DisposeAsync();
    }
}

/// <summary>
/// Issue 22, a price per deployment, on real Redis: each answer is charged at the price of the deployment that served
/// it, and a request reserves at the dearest deployment's price before it is routed.
/// </summary>
public sealed class DeploymentPriceSpendTests(DeploymentPriceRedisFixture fixture) : IClassFixture<DeploymentPriceRedisFixture>
{
    [Fact]
    public async Task UsageReport_TwoDeploymentsWithTheirOwnPrices_EachAnswerCostsItsDeploymentsPrice()
    {
        using var admin = fixture.A.CreateAdminClient();
        var userId = await admin.CreateUserAsync();
        var served = new List<(string KeyId, string Provider)>();
        // One key per request, so the report shows each request's cost; until both deployments have answered (weights 1:1).
        for (var i = 0; i < 40 && served.Select(s => s.Provider).Distinct().Count() < 2; i++)
        {
            var key = await MintAsync(admin, userId, budgetUsd: 1);
            using var client = fixture.A.CreateClientWithToken(key.Key());
            using var answer = await client.PostRawJsonAsync("/v1/chat/completions", Chat(FakeOpenAiUpstream.Prompt("ok"), maxTokens: 50));
            await answer.ReadJsonAsync(HttpStatusCode.OK);
            served.Add((key.Id(), answer.SingleHeader("X-Gateway-Provider")));
        }

        Assert.Equal(["east", "west"], served.Select(s => s.Provider).Distinct().Order(StringComparer.Ordinal));
        var rows = await KeyRowsAsync(admin, served.ConvertAll(s => s.KeyId));
        foreach (var (keyId, provider) in served)
        {
            var (input, output) = DeploymentPriceRedisFixture.Nanos[provider];
            var cost = (FakeOpenAiUpstream.ReportedPromptTokens * input) + (FakeOpenAiUpstream.ReportedCompletionTokens * output);
            Assert.Equal(cost / 1_000_000_000m, rows[keyId].GetProperty("cost_usd").GetDecimal());
        }
    }

    [Fact]
    public async Task Budget_CoversTheCheapDeploymentButNotTheDearOne_RefusedBeforeAnyDeploymentIsAsked()
    {
        using var admin = fixture.A.CreateAdminClient();
        // 1,000 output tokens reserve $0.002 at east's price and $0.04 at west's: a $0.01 budget covers only east.
        var key = await MintAsync(admin, await admin.CreateUserAsync(), budgetUsd: 0.01m);
        using var client = fixture.A.CreateClientWithToken(key.Key());

        using var refused = await client.PostRawJsonAsync("/v1/chat/completions", Chat(FakeOpenAiUpstream.Prompt("ok"), maxTokens: 1_000));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("budget_exceeded", error.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    private static async Task<JsonElement> MintAsync(HttpClient admin, string userId, decimal budgetUsd)
    {
        using var response = await admin.PostAsJsonAsync("/admin/keys", new { user_id = userId, name = "deployment price", budget = new { amount_usd = budgetUsd, period = "day" } });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    private static string Chat(string prompt, int maxTokens) => JsonSerializer.Serialize(new
    {
        model = DeploymentPriceRedisFixture.Model,
        max_tokens = maxTokens,
        messages = new[] { new { role = "user", content = prompt } },
    });

    /// <summary>Today's rows by key, once the report shows every one of <paramref name="keys"/> (settlements are not awaited by the requests).</summary>
    private static async Task<Dictionary<string, JsonElement>> KeyRowsAsync(HttpClient admin, List<string> keys)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var response = await admin.GetAsync($"/admin/usage?group_by=key&from={today}&to={today}");
                rows.Clear();
                foreach (var row in (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("groups").EnumerateArray())
                {
                    rows[row.GetProperty("group").GetString()!] = row.Clone();
                }

                return keys.TrueForAll(rows.ContainsKey);
            },
            TimeSpan.FromSeconds(10),
            $"the usage report never showed all {keys.Count} keys");
        return rows;
    }
}
