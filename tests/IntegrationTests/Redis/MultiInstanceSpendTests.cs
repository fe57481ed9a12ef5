using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.Spend;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>
/// Issue 22 on three gateway processes and one Redis: a key's tokens per minute and its budget hold exactly under
/// concurrency — none served over them, none refused below them — and the usage report is the provider's reported
/// usage × the prices. The fake upstream reports exactly what the gateway reserved (the prompt's tokens as the gateway
/// counts them, and the request's whole max_tokens), so every settlement leaves the counters as the reservation did
/// and exactly ⌊limit ÷ reservation⌋ requests fit, whatever their order.
/// </summary>
public sealed partial class MultiInstanceTests
{
    private const int SpendMaxTokens = 20;
    private const int SpendFit = 4;
    private const int SpendSent = 12;

    // The gateways run the default price table: a model it does not name costs $2.50 in and $10.00 out per million tokens.
    private const long DefaultInputNanos = 2_500;
    private const long DefaultOutputNanos = 10_000;

    [Fact]
    public async Task TokensPerMinute_ConcurrentRequestsOverThreeInstances_ExactlyWhatFitsIsServed()
    {
        var (prompt, promptTokens) = SpendPrompt("tpm");
        var reservation = promptTokens + SpendMaxTokens;
        using var admin = await SpendAdminAsync();
        // Room for SpendFit reservations and almost a whole further one; rpm_limit lifts the fixture's 10 requests per user.
        var key = await MintSpendKeyAsync(admin, new { tpm_limit = (SpendFit * reservation) + reservation - 1, rpm_limit = 10_000 });
        await OutsideTheLastSecondsOfAMinuteAsync();

        var answers = await SendConcurrentlyAsync(key.Key(), prompt);

        output.WriteLine($"tokens per minute: {answers.Count(a => a.Status == HttpStatusCode.OK)} served of {SpendSent}, reservation {reservation} tokens, limit {(SpendFit * reservation) + reservation - 1}");
        Assert.Equal(SpendFit, answers.Count(a => a.Status == HttpStatusCode.OK));
        var refused = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
        Assert.Equal(SpendSent - SpendFit, refused.Count);
        Assert.All(refused, a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
        Assert.All(refused, a => Assert.Contains("tokens per minute for this API key", a.Body, StringComparison.Ordinal));
        Assert.All(refused, a => Assert.Equal("rate_limited", a.Code));

        var spent = await EventualKeyUsageAsync(admin, key.Id(), SpendFit);
        Assert.Equal(SpendFit * reservation, spent.GetProperty("input_tokens").GetInt64() + spent.GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public async Task Budget_ConcurrentRequestsOverThreeInstances_NeverExceededAndTheReportIsUsageTimesPrices()
    {
        var (prompt, promptTokens) = SpendPrompt("budget");
        var cost = (promptTokens * DefaultInputNanos) + (SpendMaxTokens * DefaultOutputNanos);
        // Whole micro-dollars (a budget has at most 6 decimals), at least SpendFit answers and less than one more.
        var budgetNanos = (SpendFit * cost + 999) / 1000 * 1000;
        Assert.True(budgetNanos < (SpendFit + 1) * cost);
        using var admin = await SpendAdminAsync();
        var key = await MintSpendKeyAsync(admin, new { rpm_limit = 10_000, budget = new { amount_usd = budgetNanos / 1_000_000_000m, period = "day" } });

        var answers = await SendConcurrentlyAsync(key.Key(), prompt);

        output.WriteLine($"budget: {answers.Count(a => a.Status == HttpStatusCode.OK)} served of {SpendSent}, cost {cost} n$ each, budget {budgetNanos} n$");
        Assert.Equal(SpendFit, answers.Count(a => a.Status == HttpStatusCode.OK));
        var refused = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
        Assert.All(refused, a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
        Assert.All(refused, a => Assert.Equal("budget_exceeded", a.Code));

        // The report, read on another instance than most answers came from: the fake's usage × the prices, within the budget.
        var spent = await EventualKeyUsageAsync(admin, key.Id(), SpendFit);
        Assert.Equal(SpendFit * promptTokens, spent.GetProperty("input_tokens").GetInt64());
        Assert.Equal(SpendFit * SpendMaxTokens, spent.GetProperty("output_tokens").GetInt64());
        Assert.Equal(SpendFit * cost / 1_000_000_000m, spent.GetProperty("cost_usd").GetDecimal());
        Assert.True(spent.GetProperty("cost_usd").GetDecimal() <= budgetNanos / 1_000_000_000m);
    }

    /// <summary>
    /// A prompt whose fake tag reports its own token count as the gateways count it (o200k_base: the test model is not
    /// in the tokenizer's table). The count is in the prompt, so it is found by iterating to a fixed point.
    /// </summary>
    private static (string Prompt, int Tokens) SpendPrompt(string run)
    {
        var counter = new TiktokenCounter();
        var unique = $"{run} {Guid.NewGuid():N}";
        var tokens = 0;
        for (var i = 0; i < 10; i++)
        {
            var prompt = $"Count my tokens exactly, {unique} [[fake:usage-{tokens}]] {GatewayApiFactory.PromptMarker}";
            var counted = counter.CountPrompt(new ChatRequest([new ChatMessage(ChatRole.User, prompt)], UpstreamGatewayApiFactory.UpstreamModel, SpendMaxTokens));
            if (counted == tokens)
            {
                return (prompt, tokens);
            }

            tokens = counted;
        }

        throw new InvalidOperationException("The prompt's token count did not settle.");
    }

    private async Task<HttpClient> SpendAdminAsync() =>
        fixture.Gateways[0].CreateClient(await fixture.TokenForAsync($"mi-spend-admin-{Guid.NewGuid():N}", "admin"));

    private async Task<JsonElement> MintSpendKeyAsync(HttpClient admin, object limits)
    {
        var userId = $"mi-spend-{Guid.NewGuid():N}";
        await fixture.TokenForAsync(userId, "user");
        var body = JsonSerializer.SerializeToNode(limits)!.AsObject();
        body["user_id"] = userId;
        body["name"] = "multi-instance spend";
        using var response = await admin.PostAsJsonAsync("/admin/keys", body);
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>The same prompt <see cref="SpendSent"/> times at once, round-robin over the instances, past the cache.</summary>
    private async Task<SpendAnswer[]> SendConcurrentlyAsync(string key, string prompt)
    {
        var body = JsonSerializer.Serialize(new
        {
            model = UpstreamGatewayApiFactory.UpstreamModel,
            max_tokens = SpendMaxTokens,
            messages = new[] { new { role = "user", content = prompt } },
        });
        var clients = fixture.Gateways.Select(g => g.CreateClient(key)).ToList();
        try
        {
            return await Task.WhenAll(Enumerable.Range(0, SpendSent).Select(async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true, NoStore = true };
                using var response = await clients[i % clients.Count].SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                string? code = null;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    using var error = JsonDocument.Parse(text);
                    code = error.RootElement.GetProperty("error").GetProperty("code").GetString();
                }

                return new SpendAnswer(response.StatusCode, code, text);
            }));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>The key's row of today's usage report, once its settlements (not awaited by the requests) are all in.</summary>
    private async Task<JsonElement> EventualKeyUsageAsync(HttpClient admin, string keyId, int requests)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var other = fixture.Gateways[2].CreateClient(admin.DefaultRequestHeaders.Authorization!.Parameter);
        JsonElement row = default;
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                using var response = await other.GetAsync($"/admin/usage?group_by=key&from={today}&to={today}");
                var report = await response.ReadJsonAsync(HttpStatusCode.OK);
                foreach (var group in report.GetProperty("groups").EnumerateArray())
                {
                    if (group.GetProperty("group").GetString() == keyId && group.GetProperty("requests").GetInt64() == requests)
                    {
                        row = group.Clone();
                        return true;
                    }
                }

                return false;
            },
            TimeSpan.FromSeconds(10),
            $"the usage report never showed {requests} requests for key {keyId}");
        return row;
    }

    /// <summary>Token windows are clock minutes: a burst that began in a minute's last seconds would count in two.</summary>
    private static async Task OutsideTheLastSecondsOfAMinuteAsync()
    {
        while (DateTime.UtcNow.Second >= 45)
        {
            await Task.Delay(250);
        }
    }

    private sealed record SpendAnswer(HttpStatusCode Status, string? Code, string Body);
}
