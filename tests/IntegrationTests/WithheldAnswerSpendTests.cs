using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// An answer an output guard withholds after the provider answered was paid for: the key is charged the usage the
/// provider reported for it, not the whole reservation (prompt plus max_tokens) it held before the call.
/// </summary>
public sealed class WithheldAnswerSpendTests(PluginUpstreamGatewayApiFactory gateway) : IClassFixture<PluginUpstreamGatewayApiFactory>
{
    // The test model is not in the price table: the default price, $2.50 in and $10.00 out per million tokens.
    private const long InputNanos = 2_500;
    private const long OutputNanos = 10_000;

    [Fact]
    public async Task AnswerWithheldByAnOutputGuard_KeyChargedTheProvidersReportedUsageNotItsReservation()
    {
        using var admin = gateway.CreateAdminClient();
        using var minted = await admin.PostAsJsonAsync("/admin/keys", new { user_id = await admin.CreateUserAsync(), name = "withheld", budget = new { amount_usd = 10, period = "day" } });
        var key = await minted.ReadJsonAsync(HttpStatusCode.Created);
        using var client = gateway.CreateClientWithToken(key.Key());
        var body = JsonSerializer.Serialize(new
        {
            model = UpstreamGatewayApiFactory.UpstreamModel,
            max_tokens = 500,
            messages = new[] { new { role = "user", content = FakeOpenAiUpstream.Prompt("echo", $"Repeat {ThrowingGuard.AnswerTrigger}") } },
        });

        using var withheld = await client.PostRawJsonAsync("/v1/chat/completions", body);

        Assert.Equal(HttpStatusCode.Forbidden, withheld.StatusCode);
        Assert.Contains("throwing-guard", await withheld.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var usage = await admin.GetAsync($"/admin/usage?group_by=key&from={today}&to={today}");
        var row = (await usage.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == key.Id());
        Assert.Equal(1, row.GetProperty("requests").GetInt64());
        Assert.Equal(FakeOpenAiUpstream.ReportedPromptTokens, row.GetProperty("input_tokens").GetInt64());
        Assert.Equal(FakeOpenAiUpstream.ReportedCompletionTokens, row.GetProperty("output_tokens").GetInt64());
        var cost = (FakeOpenAiUpstream.ReportedPromptTokens * InputNanos) + (FakeOpenAiUpstream.ReportedCompletionTokens * OutputNanos);
        Assert.Equal(cost / 1_000_000_000m, row.GetProperty("cost_usd").GetDecimal());
    }
}
