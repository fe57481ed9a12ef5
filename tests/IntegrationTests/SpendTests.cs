using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;
using OpenAI.Chat;

namespace LlmGateway.IntegrationTests;

/// <summary>Prices of the test model set here, so every cost below is worked out from the fake's reported usage.</summary>
public sealed class SpendGatewayApiFactory() : UpstreamGatewayApiFactory(new Dictionary<string, string?>
{
    [$"Pricing:Models:{UpstreamModel}:Input"] = "3",
    [$"Pricing:Models:{UpstreamModel}:Output"] = "15",
})
{
    /// <summary>Nano-dollars per input and output token of <see cref="UpstreamGatewayApiFactory.UpstreamModel"/> ($3 and $15 per million).</summary>
    public const long InputNanos = 3_000;
    public const long OutputNanos = 15_000;
}

/// <summary>
/// Issue 22, keys with limits and budgets, cost and usage, in one process: what a caller over budget sees through the
/// official OpenAI SDK, how a stream that reaches its reservation ends, and the usage report against the fake
/// upstream's reported usage × the configured prices.
/// </summary>
public sealed class SpendTests(SpendGatewayApiFactory gateway) : IClassFixture<SpendGatewayApiFactory>
{
    // The fake reports 11 prompt and 7 completion tokens for every answer.
    private const long CostPerAnswer = (FakeOpenAiUpstream.ReportedPromptTokens * SpendGatewayApiFactory.InputNanos) + (FakeOpenAiUpstream.ReportedCompletionTokens * SpendGatewayApiFactory.OutputNanos);

    [Fact]
    public async Task CreateKey_WithLimitsAndBudget_ShowsThemInTheAnswerAndTheListing()
    {
        using var admin = gateway.CreateAdminClient();
        var userId = await admin.CreateUserAsync();

        var minted = await MintAsync(admin, userId, new { rpm_limit = 120, tpm_limit = 50_000, budget = new { amount_usd = 12.5, period = "day" } });
        var (_, listed) = await admin.ListKeysAsync(minted.Id());

        foreach (var key in new[] { minted, listed!.Value })
        {
            Assert.Equal(120, key.GetProperty("rpm_limit").GetInt32());
            Assert.Equal(50_000, key.GetProperty("tpm_limit").GetInt32());
            Assert.Equal(12.5m, key.GetProperty("budget").GetProperty("amount_usd").GetDecimal());
            Assert.Equal("day", key.GetProperty("budget").GetProperty("period").GetString());
        }
    }

    [Theory]
    [InlineData("""{"amount_usd": 0, "period": "day"}""", "budget.amount_usd")]
    [InlineData("""{"amount_usd": 0.0000001, "period": "day"}""", "budget.amount_usd")]
    public async Task CreateKey_BudgetOutOfRange_400NamingTheField(string budget, string field)
    {
        using var admin = gateway.CreateAdminClient();
        var userId = await admin.CreateUserAsync();

        using var response = await admin.PostRawJsonAsync("/admin/keys", $$"""{"user_id":"{{userId}}","name":"svc","budget":{{budget}}}""");

        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Request_OverTheKeysBudget_TheOpenAiSdkGets429BudgetExceededNamingTheBudgetAndItsReset()
    {
        using var admin = gateway.CreateAdminClient();
        var minted = await MintAsync(admin, await admin.CreateUserAsync(), new { budget = new { amount_usd = 0.000001, period = "day" } });
        var prompt = FakeOpenAiUpstream.Prompt("ok");

        var refused = await Assert.ThrowsAsync<ClientResultException>(() =>
            gateway.CreateSdkChatClient(minted.Key()).CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 50 }));

        Assert.Equal(429, refused.Status);
        var response = refused.GetRawResponse()!;
        using var body = JsonDocument.Parse(response.Content.ToString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("budget_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        var message = error.GetProperty("message").GetString()!;
        var midnight = DateTime.UtcNow.Date.AddDays(1).ToString("yyyy-MM-dd'T'00:00:00'Z'", CultureInfo.InvariantCulture);
        Assert.Contains("budget of $0.000001 per day", message, StringComparison.Ordinal);
        Assert.Contains($"resets at {midnight}", message, StringComparison.Ordinal);
        Assert.True(response.Headers.TryGetValue("Retry-After", out var retryAfter) && int.Parse(retryAfter!, CultureInfo.InvariantCulture) > 0);
        Assert.Equal(0, gateway.Upstream.Attempts(prompt));
    }

    [Fact]
    public async Task Stream_ProviderRunsPastTheReservedTokens_EndsCleanlyWithLengthAndDoneWithinTheBudget()
    {
        using var admin = gateway.CreateAdminClient();
        // Enough for one request's reservation (a short prompt and 20 tokens of answer), not for what the provider sends.
        var minted = await MintAsync(admin, await admin.CreateUserAsync(), new { budget = new { amount_usd = 0.001, period = "month" } });
        using var client = gateway.CreateClientWithToken(minted.Key());
        var body = JsonSerializer.Serialize(new
        {
            model = UpstreamGatewayApiFactory.UpstreamModel,
            stream = true,
            max_tokens = 20,
            messages = new[] { new { role = "user", content = FakeOpenAiUpstream.Prompt("overrun") } },
        });

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", body);
        var events = await ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events, e => e.Contains("\"error\"", StringComparison.Ordinal));
        // The client did not ask for usage: the usage the gateway asked the provider for is not passed on.
        Assert.DoesNotContain(events, e => e.Contains("\"usage\"", StringComparison.Ordinal));
        using var last = JsonDocument.Parse(events[^2]);
        Assert.Equal("length", last.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var text = new StringBuilder();
        foreach (var e in events[..^1])
        {
            using var chunk = JsonDocument.Parse(e);
            if (chunk.RootElement.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var content))
            {
                text.Append(content.GetString());
            }
        }

        Assert.Equal(string.Concat(Enumerable.Repeat(" word", 20)), text.ToString());
        var spent = await KeyUsageAsync(admin, minted.Id());
        Assert.Equal(20, spent.GetProperty("output_tokens").GetInt64());
        Assert.True(spent.GetProperty("cost_usd").GetDecimal() <= 0.001m, spent.ToString());
    }

    [Fact]
    public async Task UsageReport_AfterAnswersWithAKey_IsTheReportedUsageTimesThePrices()
    {
        using var admin = gateway.CreateAdminClient();
        var userId = await admin.CreateUserAsync();
        var minted = await MintAsync(admin, userId, new { });
        using var client = gateway.CreateClientWithToken(minted.Key());
        for (var i = 0; i < 3; i++)
        {
            using var answer = await client.PostRawJsonAsync("/v1/chat/completions", Chat(FakeOpenAiUpstream.Prompt("ok"), stream: false));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using (var streamed = await client.PostRawJsonAsync("/v1/chat/completions", Chat(FakeOpenAiUpstream.Prompt("ok"), stream: true)))
        {
            Assert.Equal("[DONE]", (await ReadEventsAsync(streamed))[^1]);
        }

        // A cache hit (the same prompt again) costs nothing and is not counted.
        var repeated = FakeOpenAiUpstream.Prompt("ok");
        for (var i = 0; i < 2; i++)
        {
            using var answer = await client.PostRawJsonAsync("/v1/chat/completions", Chat(repeated, stream: false));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var byKey = await KeyUsageAsync(admin, minted.Id());
        var byUser = await GroupAsync(admin, "user", userId);
        foreach (var row in new[] { byKey, byUser })
        {
            Assert.Equal(5, row.GetProperty("requests").GetInt64());
            Assert.Equal(5 * FakeOpenAiUpstream.ReportedPromptTokens, row.GetProperty("input_tokens").GetInt64());
            Assert.Equal(5 * FakeOpenAiUpstream.ReportedCompletionTokens, row.GetProperty("output_tokens").GetInt64());
            Assert.Equal(5 * CostPerAnswer / 1_000_000_000m, row.GetProperty("cost_usd").GetDecimal());
        }

        var model = await GroupAsync(admin, "model", UpstreamGatewayApiFactory.UpstreamModel);
        Assert.True(model.GetProperty("requests").GetInt64() >= 5);
    }

    [Fact]
    public async Task RequestLog_AnAnswerWithAKey_NamesModelKeyTeamTokensAndCostOnce()
    {
        using var admin = gateway.CreateAdminClient();
        var minted = await MintAsync(admin, await admin.CreateUserAsync(), new { });
        using var client = gateway.CreateClientWithToken(minted.Key());

        using var answer = await client.PostRawJsonAsync("/v1/chat/completions", Chat(FakeOpenAiUpstream.Prompt("ok"), stream: false));
        var requestId = answer.SingleHeader("X-Request-Id");

        var completed = await gateway.Logs.WaitForEventAsync(
            e => e.TryGetProperty("request_id", out var id) && id.GetString() == requestId && e.GetProperty("@m").GetString()!.StartsWith("Request completed", StringComparison.Ordinal),
            "the request's 'Request completed' event");
        Assert.Equal(UpstreamGatewayApiFactory.UpstreamModel, completed.GetProperty("Model").GetString());
        Assert.Equal(minted.Id(), completed.GetProperty("KeyId").GetString());
        Assert.Equal("default", completed.GetProperty("Team").GetString());
        Assert.Equal(FakeOpenAiUpstream.ReportedPromptTokens, completed.GetProperty("PromptTokens").GetInt32());
        Assert.Equal(FakeOpenAiUpstream.ReportedCompletionTokens, completed.GetProperty("CompletionTokens").GetInt32());
        Assert.Equal(CostPerAnswer / 1_000_000_000m, completed.GetProperty("CostUsd").GetDecimal());
        var message = completed.GetProperty("@m").GetString()!;
        var cost = (CostPerAnswer / 1_000_000_000m).ToString(CultureInfo.InvariantCulture);
        foreach (var field in new[] { $"model {UpstreamGatewayApiFactory.UpstreamModel},", $"key {minted.Id()},", "team default,", "tokens 11+7,", $"cost ${cost}," })
        {
            Assert.Equal(1, CountOf(message, field));
        }

        Assert.Equal(1, CountOf(message, minted.Id()));
    }

    [Fact]
    public async Task Metrics_AfterAnswers_CountSpendByTeamAndPricedModelWithOtherModelsAsOther()
    {
        using var client = gateway.CreateUserClient();
        foreach (var model in new[] { UpstreamGatewayApiFactory.UpstreamModel, $"unpriced-{Guid.NewGuid():N}" })
        {
            var body = JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = FakeOpenAiUpstream.Prompt("ok") } } });
            using var answer = await client.PostRawJsonAsync("/v1/chat/completions", body);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var metrics = await client.ScrapeMetricsShowingAsync("model=\"_OTHER\"");
        var requests = metrics.Split('\n').Where(l => l.StartsWith("gateway_spend_requests_total{", StringComparison.Ordinal)).ToList();
        Assert.Contains(requests, l => l.Contains($"model=\"{UpstreamGatewayApiFactory.UpstreamModel}\"", StringComparison.Ordinal) && l.Contains("team=\"default\"", StringComparison.Ordinal));
        Assert.Contains(requests, l => l.Contains("model=\"_OTHER\"", StringComparison.Ordinal) && l.Contains("team=\"default\"", StringComparison.Ordinal));
        Assert.Contains("gateway_spend_cost", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_spend_tokens", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("unpriced-", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("key_id=", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("group_by=team&from=2026-13-01", "from")]
    [InlineData("group_by=tenant", "group_by")]
    [InlineData("from=2026-12-07&to=2026-12-01", "from")]
    [InlineData("from=9999-12-01&to=9999-12-31", "from")]
    public async Task UsageReport_BadQuery_400NamingTheParameter(string query, string field)
    {
        using var admin = gateway.CreateAdminClient();

        using var response = await admin.GetAsync($"/admin/usage?{query}");

        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task UsageReport_AsAUser_403()
    {
        using var user = gateway.CreateUserClient();

        using var response = await user.GetAsync("/admin/usage");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task UsageReport_AsATeamAdmin_ShowsItsOwnTeamOnly()
    {
        using var admin = gateway.CreateAdminClient();
        var teamId = await admin.CreateTeamAsync("Usage team");
        var member = await admin.CreateMemberAsync(teamId);
        var teamAdmin = await admin.CreateMemberAsync(teamId, "team_admin");
        using (var memberClient = await gateway.LoggedInAsync(member))
        using (var outsider = gateway.CreateUserClient())
        {
            foreach (var client in new[] { memberClient, outsider })
            {
                var body = JsonSerializer.Serialize(new { model = UpstreamGatewayApiFactory.UpstreamModel, messages = new[] { new { role = "user", content = FakeOpenAiUpstream.Prompt("ok") } } });
                using var answer = await client.PostRawJsonAsync("/v1/chat/completions", body);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }
        }

        using var teamAdminClient = await gateway.LoggedInAsync(teamAdmin);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var byTeam = await teamAdminClient.GetAsync($"/admin/usage?group_by=team&from={today}&to={today}");
        var teamReport = await byTeam.ReadJsonAsync(HttpStatusCode.OK);
        var teams = teamReport.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()).ToList();
        using var byUser = await teamAdminClient.GetAsync($"/admin/usage?group_by=user&from={today}&to={today}");
        var users = (await byUser.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()).ToList();

        Assert.Equal([teamId], teams);
        Assert.Equal([member], users);
        // The report says which team it is limited to, and only when it is.
        Assert.Equal(teamId, teamReport.GetProperty("team").GetString());
        using var unlimited = await admin.GetAsync($"/admin/usage?group_by=team&from={today}&to={today}");
        Assert.False((await unlimited.ReadJsonAsync(HttpStatusCode.OK)).TryGetProperty("team", out _), "an admin's report is limited to no team");
        var all = await GroupAsync(admin, "team", teamId);
        Assert.Equal(CostPerAnswer, (long)Math.Round(all.GetProperty("cost_usd").GetDecimal() * 1_000_000_000m));
    }

    private static async Task<JsonElement> MintAsync(HttpClient admin, string userId, object limits)
    {
        var body = JsonSerializer.SerializeToNode(limits)!.AsObject();
        body["user_id"] = userId;
        body["name"] = "spend test service";
        using var response = await admin.PostAsJsonAsync("/admin/keys", body);
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    private static Task<JsonElement> KeyUsageAsync(HttpClient admin, string keyId) => GroupAsync(admin, "key", keyId);

    /// <summary>Today's row of <paramref name="group"/> in the usage report grouped by <paramref name="groupBy"/>.</summary>
    private static async Task<JsonElement> GroupAsync(HttpClient admin, string groupBy, string group)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var response = await admin.GetAsync($"/admin/usage?group_by={groupBy}&from={today}&to={today}");
        var report = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(groupBy, report.GetProperty("group_by").GetString());
        foreach (var row in report.GetProperty("groups").EnumerateArray())
        {
            if (row.GetProperty("group").GetString() == group)
            {
                return row.Clone();
            }
        }

        Assert.Fail($"No usage row for {groupBy} {group}: {report}");
        return default;
    }

    private static string Chat(string prompt, bool stream) => JsonSerializer.Serialize(new
    {
        model = UpstreamGatewayApiFactory.UpstreamModel,
        stream,
        max_tokens = 50,
        messages = new[] { new { role = "user", content = prompt } },
    });

    /// <summary>The data of every server-sent event, in order.</summary>
    private static async Task<List<string>> ReadEventsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var events = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(line["data: ".Length..]);
            }
        }

        return events;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
