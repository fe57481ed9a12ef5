using System.Diagnostics;
using System.Net;
using LlmGateway.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace LlmGateway.IntegrationTests;

/// <summary>The triggers of the misbehaving plugins in tests/TestPlugins (loaded from its DLL, so not referenced here).</summary>
internal static class ThrowingGuard
{
    public const string PromptTrigger = "tp-throw-on-prompt";
    public const string AnswerTrigger = "tp-throw-on-answer";
    public const string InternalDetail = "tp-internal-detail-4k2";
}

internal static class SleepingGuard
{
    public const string PromptTrigger = "tp-sleep-on-prompt";
    public const string AnswerTrigger = "tp-sleep-on-answer";
}

/// <summary>
/// Guardrail plugins loaded from their DLLs: the sample blocks and redacts confidential names; a plugin that throws
/// or overruns its budget fails that request closed — quickly, naming the plugin, leaking nothing — and the next
/// request goes through.
/// </summary>
public sealed class PluginTests(PluginGatewayApiFactory factory, ITestOutputHelper output) : IClassFixture<PluginGatewayApiFactory>
{
    /// <summary>Far below the sleeping plugin's 30 s, far above the 200 ms budget: generous for a busy CI machine.</summary>
    private static readonly TimeSpan WellWithinSleep = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Generate_PromptNamingConfidentialTerm_Returns400PromptBlockedNamingThePlugin()
    {
        using var client = factory.CreateUserClient();

        using var response = await client.PostGenerateAsync($"When does project falcon launch? {GatewayApiFactory.PromptMarker}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "prompt_blocked");
        Assert.Equal(["confidential-term"], problem.GetProperty("rule_ids").EnumerateArray().Select(r => r.GetString()));
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("confidential-terms", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("falcon", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Generate_WordThatOnlyContainsTheTerm_Succeeds()
    {
        using var client = factory.CreateUserClient();

        using var response = await client.PostGenerateAsync($"Tell me about falconry {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("falconry", body.GetProperty("response").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ThrowingPromptGuard_FailsClosedNamingThePluginAndGatewayStaysUp()
    {
        using var client = factory.CreateUserClient();

        using var failed = await client.PostGenerateAsync($"{ThrowingGuard.PromptTrigger} {GatewayApiFactory.PromptMarker}");
        var faultEnded = Stopwatch.GetTimestamp();
        using var next = await client.PostGenerateAsync($"A plain question {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        var recovery = Stopwatch.GetElapsedTime(faultEnded);

        var problem = await failed.AssertProblemAsync(HttpStatusCode.BadRequest, "prompt_blocked");
        Assert.Equal(["guardrail-plugin-failed"], problem.GetProperty("rule_ids").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("throwing-guard", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ThrowingGuard.InternalDetail, problem.GetRawText(), StringComparison.Ordinal);
        await next.ReadJsonAsync(HttpStatusCode.OK);

        // The operator learns which plugin failed and how, never what it said or what the prompt was.
        var warning = await factory.Logs.WaitForEventAsync(
            e => e.GetRawText().Contains("throwing-guard", StringComparison.Ordinal) && e.GetRawText().Contains("System.InvalidOperationException", StringComparison.Ordinal),
            "naming the failed plugin and its exception type");
        Assert.Equal("Warning", warning.GetProperty("@l").GetString());
        Assert.DoesNotContain(ThrowingGuard.InternalDetail, factory.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayApiFactory.PromptMarker, factory.Logs.Text, StringComparison.Ordinal);
        output.Recovered("prompt-guard plugin throws", "that request 400 prompt_blocked (guardrail-plugin-failed), fails closed; after: the next request 200", recovery);
    }

    [Fact]
    public async Task Generate_PromptGuardOverrunningItsBudget_FailsClosedWithinBudgetAndGatewayStaysUp()
    {
        using var client = factory.CreateUserClient();

        var clock = Stopwatch.StartNew();
        using var failed = await client.PostGenerateAsync($"{SleepingGuard.PromptTrigger} {GatewayApiFactory.PromptMarker}");
        var elapsed = clock.Elapsed;
        using var next = await client.PostGenerateAsync($"Another plain question {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        var recovery = clock.Elapsed - elapsed;

        var problem = await failed.AssertProblemAsync(HttpStatusCode.BadRequest, "prompt_blocked");
        Assert.Equal(["guardrail-plugin-timeout"], problem.GetProperty("rule_ids").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("sleeping-guard", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(PluginGatewayApiFactory.PluginTimeoutMs * 0.9), $"Answered after {elapsed}, before the budget was up.");
        Assert.True(elapsed < WellWithinSleep, $"The gateway waited {elapsed} for a plugin with a {PluginGatewayApiFactory.PluginTimeoutMs} ms budget.");
        await next.ReadJsonAsync(HttpStatusCode.OK);
        output.Recovered(
            $"prompt-guard plugin sleeps 30 s (budget {PluginGatewayApiFactory.PluginTimeoutMs} ms)",
            $"that request 400 prompt_blocked (guardrail-plugin-timeout) after {elapsed.TotalMilliseconds:0} ms, fails closed; after: the next request 200",
            recovery);
    }

    [Fact]
    public async Task Generate_ThrowingOutputGuard_WithholdsTheAnswerAndGatewayStaysUp()
    {
        using var client = factory.CreateUserClient();

        // The local provider echoes the prompt, so the trigger reaches the output guard.
        using var failed = await client.PostGenerateAsync($"{ThrowingGuard.AnswerTrigger} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        var faultEnded = Stopwatch.GetTimestamp();
        using var next = await client.PostGenerateAsync($"Yet another question {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        var recovery = Stopwatch.GetElapsedTime(faultEnded);

        var problem = await failed.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
        Assert.Contains("throwing-guard", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("response", out _));
        Assert.DoesNotContain(ThrowingGuard.AnswerTrigger, problem.GetRawText(), StringComparison.Ordinal);
        await next.ReadJsonAsync(HttpStatusCode.OK);
        output.Recovered("output-guard plugin throws", "that answer withheld: 403 policy_denied, fails closed; after: the next request 200", recovery);
    }

    [Fact]
    public async Task Generate_OutputGuardOverrunningItsBudget_WithholdsTheAnswerWithinBudget()
    {
        using var client = factory.CreateUserClient();

        var clock = Stopwatch.StartNew();
        using var failed = await client.PostGenerateAsync($"{SleepingGuard.AnswerTrigger} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        var elapsed = clock.Elapsed;

        var problem = await failed.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
        Assert.Contains("sleeping-guard", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(elapsed < WellWithinSleep, $"The gateway waited {elapsed} for a plugin with a {PluginGatewayApiFactory.PluginTimeoutMs} ms budget.");

        using var next = await client.PostGenerateAsync($"A question after the sleep {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        await next.ReadJsonAsync(HttpStatusCode.OK);
        output.Recovered(
            $"output-guard plugin sleeps 30 s (budget {PluginGatewayApiFactory.PluginTimeoutMs} ms)",
            $"that answer withheld: 403 policy_denied after {elapsed.TotalMilliseconds:0} ms, fails closed; after: the next request 200",
            clock.Elapsed - elapsed);
    }

    [Fact]
    public async Task Start_WithPlugins_LogsEachLoadedPluginInOrder()
    {
        using var client = factory.CreateClient();
        using var health = await client.GetAsync("/health");

        var summary = await factory.Logs.WaitForEventAsync(e => e.GetRawText().Contains("Guardrail plugins: prompt guards", StringComparison.Ordinal), "listing the loaded guards");
        Assert.Contains("[confidential-terms, sleeping-guard, throwing-guard]", summary.GetProperty("@m").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>In monitor mode a plugin's block is only recorded, while its replacements still apply — as for the built-in stages.</summary>
public sealed class PluginMonitorModeTests(MonitorPluginGatewayApiFactory factory) : IClassFixture<MonitorPluginGatewayApiFactory>
{
    [Fact]
    public async Task Generate_MonitorMode_PromptWithTermPassesAndAnswerIsRedacted()
    {
        using var admin = factory.CreateAdminClient();
        await admin.ChangePolicyAsync(policy => policy["mode"] = "monitor", confirmProtectionOff: true);
        using var client = factory.CreateUserClient();
        var prompt = $"Status of Falcon and blue  heron? {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";

        using var first = await client.PostGenerateAsync(prompt);
        using var cached = await client.PostGenerateAsync(prompt);

        foreach (var response in new[] { first, cached })
        {
            var body = await response.ReadJsonAsync(HttpStatusCode.OK);
            var text = body.GetProperty("response").GetString()!;
            Assert.Contains("Status of [REDACTED:confidential_term] and [REDACTED:confidential_term]?", text, StringComparison.Ordinal);
            Assert.DoesNotContain("falcon", text, StringComparison.OrdinalIgnoreCase);
            var redaction = Assert.Single(body.GetProperty("redactions").EnumerateArray());
            Assert.Equal("confidential_term", redaction.GetProperty("type").GetString());
            Assert.Equal(2, redaction.GetProperty("count").GetInt32());
        }

        Assert.Equal("HIT", cached.SingleHeader("X-Cache"));
        await factory.Logs.WaitForEventAsync(e => e.GetRawText().Contains("would be blocked by guardrail plugin confidential-terms", StringComparison.Ordinal), "recording the monitored block");

        // An operator trying a policy in monitor mode counts what it would refuse, apart from what is refused.
        using var anonymous = factory.CreateClient();
        var metrics = await anonymous.ScrapeMetricsShowingAsync("gateway_monitored_blocks_total{");
        Assert.Matches("gateway_monitored_blocks_total\\{[^}]*gateway_block_reason=\"prompt_plugin\"[^}]*\\} [1-9]", metrics);
        Assert.DoesNotMatch("gateway_blocks_total\\{[^}]*gateway_block_reason=\"prompt_plugin\"", metrics);
    }
}

/// <summary>A listed plugin that cannot be used stops start-up: a security control silently missing is worse.</summary>
public sealed class PluginStartupTests
{
    [Fact]
    public async Task Start_PluginFileMissing_FailsNamingTheSettingAndPath()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-plugin-{Guid.NewGuid():N}.dll");
        await using var factory = new ConfiguredPluginFactory(new Dictionary<string, string?> { ["Guardrails:Plugins:1"] = missing });

        var exception = Record.Exception(() => factory.CreateClient().Dispose());

        Assert.NotNull(exception);
        Assert.True(factory.Logs.Text.Contains("Guardrails:Plugins:1", StringComparison.Ordinal) && factory.Logs.Text.Contains(missing, StringComparison.Ordinal),
            $"The start-up failure does not name the setting and the path. Log:\n{factory.Logs.Text}\n{exception}");
    }

    [Fact]
    public async Task Start_PluginThatCannotBeCreated_FailsNamingThePluginsOwnSetting()
    {
        // The sample refuses to run without a term; that refusal must stop the gateway, not leave it unguarded.
        await using var factory = new ConfiguredPluginFactory(new Dictionary<string, string?> { ["ConfidentialTerms:Terms:0"] = null, ["ConfidentialTerms:Terms:1"] = null });

        var exception = Record.Exception(() => factory.CreateClient().Dispose());

        Assert.NotNull(exception);
        Assert.True(factory.Logs.Text.Contains("ConfidentialTermsGuard could not be created", StringComparison.Ordinal) && factory.Logs.Text.Contains("ConfidentialTerms:Terms", StringComparison.Ordinal),
            $"The start-up failure does not name the plugin and its setting. Log:\n{factory.Logs.Text}\n{exception}");
    }

    private sealed class ConfiguredPluginFactory(IReadOnlyDictionary<string, string?> overrides) : PluginGatewayApiFactory(overrides);
}
