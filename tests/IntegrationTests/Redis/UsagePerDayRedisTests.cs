using System.Globalization;
using System.Net;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>One gateway on its own key prefix: the usage report it reads is only what these tests recorded.</summary>
public sealed class UsagePerDayRedisFixture : RedisGatewaysFixture
{
    protected override int InitialInstances => 1;
}

/// <summary>GET /admin/usage?interval=day on Redis: the records of several UTC days, per group and in total, as an admin and as a team admin.</summary>
public sealed class UsagePerDayRedisTests(UsagePerDayRedisFixture fixture) : IClassFixture<UsagePerDayRedisFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly DateOnly TwoDaysAgo = Today.AddDays(-2);

    [Fact]
    public async Task UsageReport_IntervalDay_EachGroupAndTheTotalCarryTheirDaysWithUse_ATeamAdminOnlyItsTeams()
    {
        using var admin = fixture.A.CreateAdminClient();
        var red = await admin.CreateTeamAsync("Red");
        var blue = await admin.CreateTeamAsync("Blue");
        var redLead = await admin.CreateMemberAsync(red, "team_admin");
        UsageRecords.SettleOn(fixture.A, TwoDaysAgo, red, "ann", "model-a", 10, 5, 3_000);
        UsageRecords.SettleOn(fixture.A, Today, red, "ann", "model-a", 1, 2, 30);
        UsageRecords.SettleOn(fixture.A, Today, blue, "bob", "model-b", 100, 50, 40_000);
        var query = $"/admin/usage?group_by=model&from={Day(TwoDaysAgo)}&to={Day(Today)}&interval=day";

        var report = await EventuallyAsync(admin, query, requests: 3);

        Assert.Equal("day", report.GetProperty("interval").GetString());
        Assert.Equal(["model-b", "model-a"], report.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()));
        Assert.Equal([$"{Day(Today)} 1 100 50 0.00004"], Days(report.GetProperty("groups")[0]));
        Assert.Equal([$"{Day(TwoDaysAgo)} 1 10 5 0.000003", $"{Day(Today)} 1 1 2 0.00000003"], Days(report.GetProperty("groups")[1]));
        Assert.Equal([$"{Day(TwoDaysAgo)} 1 10 5 0.000003", $"{Day(Today)} 2 101 52 0.00004003"], Days(report.GetProperty("total")));

        using var lead = await fixture.A.LoggedInAsync(redLead);
        var own = await EventuallyAsync(lead, query.Replace("group_by=model", "group_by=user", StringComparison.Ordinal), requests: 2);
        Assert.Equal(red, own.GetProperty("team").GetString());
        Assert.Equal([$"{Day(TwoDaysAgo)} 1 10 5 0.000003", $"{Day(Today)} 1 1 2 0.00000003"], Days(own.GetProperty("total")));

        using var overTheRange = await admin.GetAsync(query.Replace("&interval=day", string.Empty, StringComparison.Ordinal));
        var whole = await overTheRange.ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(whole.TryGetProperty("interval", out _));
        Assert.False(whole.GetProperty("groups")[0].TryGetProperty("days", out _));
        Assert.False(whole.GetProperty("total").TryGetProperty("days", out _));
    }

    [Fact]
    public async Task UsageReport_AnIntervalOtherThanDay_400NamingIt()
    {
        using var admin = fixture.A.CreateAdminClient();

        using var response = await admin.GetAsync("/admin/usage?interval=week");

        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("interval", out _), problem.ToString());
    }

    /// <summary>The report once its total counts <paramref name="requests"/> (settlements are not awaited).</summary>
    private static async Task<JsonElement> EventuallyAsync(HttpClient client, string query, long requests)
    {
        JsonElement report = default;
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var response = await client.GetAsync(query);
                report = await response.ReadJsonAsync(HttpStatusCode.OK);
                return report.GetProperty("total").GetProperty("requests").GetInt64() == requests;
            },
            TimeSpan.FromSeconds(10),
            $"the usage report never counted {requests} requests");
        return report;
    }

    /// <summary>Each day as "day requests input output cost".</summary>
    private static IEnumerable<string> Days(JsonElement counts) =>
        counts.GetProperty("days").EnumerateArray().Select(d => string.Join(' ',
            d.GetProperty("day").GetString(),
            d.GetProperty("requests").GetInt64(),
            d.GetProperty("input_tokens").GetInt64(),
            d.GetProperty("output_tokens").GetInt64(),
            d.GetProperty("cost_usd").GetDecimal().ToString("0.############", CultureInfo.InvariantCulture)));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
