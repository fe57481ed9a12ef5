using System.Diagnostics;
using LlmGateway.Application.Common;
using LlmGateway.Application.Guardrails;
using LlmGateway.Domain;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Policies;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LlmGateway.UnitTests.Application.Guardrails;

public class GuardrailRunnerTests
{
    private const int BudgetMs = 200;

    private readonly FakeTimeProvider _time = new();
    private readonly PolicySnapshot _enforcing = TestPolicies.Compile();
    private readonly PolicySnapshot _monitoring = TestPolicies.Compile(d => d with { Mode = PolicyMode.Monitor });

    [Fact]
    public async Task CheckPromptAsync_AllGuardsAllow_NoFailureAndEachCalledInOrder()
    {
        var calls = new List<string>();
        var runner = Runner(prompt: [TestGuard.Allowing("a", calls), TestGuard.Allowing("b", calls)]);

        var failure = await CheckPrompt(runner);

        Assert.Null(failure);
        Assert.Equal(["a", "b"], calls);
    }

    [Fact]
    public async Task CheckPromptAsync_GuardBlocks_PromptBlockedWithItsRuleAndNameAndLaterGuardsSkipped()
    {
        var calls = new List<string>();
        var runner = Runner(prompt: [TestGuard.Prompt("terms", (_, _) => ValueTask.FromResult(PromptVerdict.Block("secret-name", "Names a secret project."))), TestGuard.Allowing("later", calls)]);

        var failure = await CheckPrompt(runner);

        Assert.Equal(GatewayError.PromptBlocked, failure?.Code);
        Assert.Equal(["secret-name"], failure!.RuleIds);
        Assert.Equal("The prompt was blocked by guardrail plugin 'terms': Names a secret project.", failure.Detail);
        Assert.Empty(calls);
    }

    [Fact]
    public async Task CheckPromptAsync_PolicySwitchesAGuardOff_ItIsNotCalledAndTheOthersAre()
    {
        var calls = new List<string>();
        var runner = Runner(prompt: [TestGuard.Prompt("terms", (_, _) => ValueTask.FromResult(PromptVerdict.Block("secret-name", "Names a secret project."))), TestGuard.Allowing("later", calls)]);
        var termsOff = TestPolicies.Compile(d => d with { Plugins = new Dictionary<string, PluginSetting> { ["terms"] = new(enabled: false) } });

        var failure = await CheckPrompt(runner, termsOff);

        Assert.Null(failure);
        Assert.Equal(["later"], calls);
        Assert.True(runner.HasPromptGuardsFor(termsOff));
        Assert.False(Runner(prompt: [TestGuard.Allowing("terms", calls)]).HasPromptGuardsFor(termsOff));
    }

    [Fact]
    public async Task CheckOutputAsync_PolicySwitchesTheBlockingGuardOff_AnswerPassesAndNoOutputGuardRuns()
    {
        var runner = Runner(output: [TermBlocker("Falcon")]);
        var termsOff = TestPolicies.Compile(d => d with { Plugins = new Dictionary<string, PluginSetting> { ["terms"] = new(enabled: false) } });
        var completion = TestCommands.Completion("Project Falcon launches in May.");

        var blocked = await CheckOutput(runner, completion);
        var passed = await CheckOutput(runner, completion, termsOff);

        Assert.NotNull(blocked.Failure);
        Assert.Null(passed.Failure);
        Assert.Same(completion, passed.Completion);
        Assert.True(runner.HasOutputGuardsFor(_enforcing));
        Assert.False(runner.HasOutputGuardsFor(termsOff));
    }

    [Fact]
    public async Task CheckPromptAsync_GuardThrows_FailsClosedNamingThePluginNotTheException()
    {
        var runner = Runner(prompt: [TestGuard.Prompt("broken", (_, _) => throw new InvalidOperationException("internal detail 42"))]);

        var failure = await CheckPrompt(runner);

        Assert.Equal(GatewayError.PromptBlocked, failure?.Code);
        Assert.Equal([GuardrailRunner.FailedRuleId], failure!.RuleIds);
        Assert.Contains("'broken' failed", failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("internal detail", failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPromptAsync_GuardFaultsAsynchronously_FailsClosed()
    {
        var runner = Runner(prompt: [TestGuard.Prompt("broken", async (_, _) =>
        {
            await Task.Yield();
            throw new FormatException();
        })]);

        var failure = await CheckPrompt(runner);

        Assert.Equal([GuardrailRunner.FailedRuleId], failure?.RuleIds);
    }

    [Fact]
    public async Task CheckPromptAsync_GuardIgnoringItsTokenPastTheBudget_FailsClosedWhenTheBudgetIsUp()
    {
        var never = new TaskCompletionSource<PromptVerdict>();
        var runner = Runner(prompt: [TestGuard.Prompt("stuck", (_, _) => new ValueTask<PromptVerdict>(never.Task))]);

        var pending = CheckPrompt(runner);
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(BudgetMs - 1));
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var failure = await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([GuardrailRunner.TimedOutRuleId], failure?.RuleIds);
        Assert.Contains("'stuck' did not decide within its time budget", failure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPromptAsync_GuardHonouringItsToken_IsCancelledAtTheBudgetAndFailsClosed()
    {
        CancellationToken seen = default;
        var runner = Runner(prompt: [TestGuard.Prompt("slow", async (_, ct) =>
        {
            seen = ct;
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct);
            return PromptVerdict.Allow;
        })]);

        var pending = CheckPrompt(runner);
        _time.Advance(TimeSpan.FromMilliseconds(BudgetMs));
        var failure = await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(seen.IsCancellationRequested);
        Assert.Equal([GuardrailRunner.TimedOutRuleId], failure?.RuleIds);
    }

    [Fact]
    public async Task CheckPromptAsync_GuardBlockingTheThreadPastTheBudget_CountsAsOverrunEvenThoughItAllowed()
    {
        var runner = Runner(prompt: [TestGuard.Prompt("blocking", (_, _) =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(BudgetMs + 50)); // as a Thread.Sleep would
            return ValueTask.FromResult(PromptVerdict.Allow);
        })]);

        var failure = await CheckPrompt(runner);

        Assert.Equal([GuardrailRunner.TimedOutRuleId], failure?.RuleIds);
    }

    [Fact]
    public async Task CheckPromptAsync_CallerGoesAway_CancellationPropagatesAsNotAPluginFault()
    {
        using var caller = new CancellationTokenSource();
        var runner = Runner(prompt: [TestGuard.Prompt("slow", async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct);
            return PromptVerdict.Allow;
        })]);

        var pending = CheckPrompt(runner, cancellationToken: caller.Token);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.AsTask());
    }

    [Fact]
    public async Task CheckPromptAsync_MonitorMode_BlocksAndFaultsAreOnlyRecorded()
    {
        var calls = new List<string>();
        var runner = Runner(prompt:
        [
            TestGuard.Prompt("blocker", (_, _) => ValueTask.FromResult(PromptVerdict.Block("rule", "reason"))),
            TestGuard.Prompt("broken", (_, _) => throw new InvalidOperationException()),
            TestGuard.Allowing("last", calls),
        ]);
        var command = TestCommands.Generate();

        var check = await runner.CheckPromptAsync(command.Chat, command.Caller, command.Context, _monitoring, default);

        Assert.Null(check.Failure);
        Assert.Equal(["last"], calls);
        Assert.True(check.WouldBlock);
    }

    [Fact]
    public async Task CheckPromptAsync_GuardSeesCallerPolicyVersionAndRequestId()
    {
        PromptGuardRequest? seen = null;
        var runner = Runner(prompt: [TestGuard.Prompt("spy", (request, _) =>
        {
            seen = request;
            return ValueTask.FromResult(PromptVerdict.Allow);
        })]);
        var command = TestCommands.Generate("hello", role: Role.Admin, userId: "carol");

        await runner.CheckPromptAsync(command.Chat, command.Caller, command.Context, _enforcing, default);

        Assert.Equal(new Caller("carol", Role.Admin), seen?.Caller);
        Assert.Equal(_enforcing.Version, seen!.PolicyVersion);
        Assert.Equal(command.Context.RequestId, seen.RequestId);
        Assert.Same(command.Chat, seen.Chat);
    }

    [Fact]
    public async Task CheckOutputAsync_Replacements_ChainInOrderAndAppendRedactions()
    {
        var runner = Runner(output:
        [
            TestGuard.Output("first", (r, _) => ValueTask.FromResult(OutputVerdict.Replace(r.Text.Replace("alpha", "[REDACTED:a]", StringComparison.Ordinal), [new Redaction("a", 1)]))),
            TestGuard.Output("second", (r, _) => ValueTask.FromResult(OutputVerdict.Replace(r.Text.Replace("beta", "[REDACTED:b]", StringComparison.Ordinal), [new Redaction("b", 1)]))),
        ]);
        var completion = TestCommands.Completion("alpha and beta").WithRedactions(new Redaction("email", 2));

        var check = await CheckOutput(runner, completion);

        Assert.Null(check.Failure);
        Assert.Equal("[REDACTED:a] and [REDACTED:b]", check.Completion?.Text);
        Assert.Equal([new Redaction("email", 2), new Redaction("a", 1), new Redaction("b", 1)], check.Completion!.Redactions);
    }

    [Fact]
    public async Task CheckOutputAsync_TermOnlyInASecondChoice_WithholdsTheWholeAnswer()
    {
        var runner = Runner(output: [TermBlocker("falcon")]);
        var completion = TestCommands.Completion("harmless") with
        {
            Choices = [new CompletionChoice(0, "harmless", "stop"), new CompletionChoice(1, "project falcon launches in May", "stop")],
        };

        var check = await CheckOutput(runner, completion);

        Assert.Null(check.Completion);
        Assert.Equal(GatewayError.PolicyDenied, check.Failure?.Code);
    }

    [Theory]
    [InlineData("refusal")]
    [InlineData("tool-arguments")]
    public async Task CheckOutputAsync_TermInARefusalOrToolCallArguments_WithholdsTheAnswer(string where)
    {
        var runner = Runner(output: [TermBlocker("falcon")]);
        var choice = where == "refusal"
            ? new CompletionChoice(0, null, "stop", Refusal: "I cannot talk about falcon")
            : new CompletionChoice(0, null, "tool_calls", ToolCalls: [new ToolCall("call_1", "send_mail", """{"body":"falcon ships in May"}""")]);

        var check = await CheckOutput(runner, TestCommands.Completion(string.Empty) with { Choices = [choice] });

        Assert.Equal(GatewayError.PolicyDenied, check.Failure?.Code);
    }

    [Fact]
    public async Task CheckOutputAsync_ReplacementsInEveryChoiceAndToolCall_AreKeptWithTheirPartAndChoiceIndex()
    {
        var seen = new List<(OutputPart, int)>();
        var runner = Runner(output: [TestGuard.Output("masker", (r, _) =>
        {
            lock (seen)
            {
                seen.Add((r.Part, r.ChoiceIndex));
            }

            return ValueTask.FromResult(r.Text.Contains("falcon", StringComparison.Ordinal)
                ? OutputVerdict.Replace(r.Text.Replace("falcon", "[REDACTED:term]", StringComparison.Ordinal), [new Redaction("term", 1)])
                : OutputVerdict.Allow);
        })]);
        var completion = TestCommands.Completion("falcon one") with
        {
            Choices =
            [
                new CompletionChoice(0, "falcon one", "stop"),
                new CompletionChoice(1, null, "tool_calls", ToolCalls: [new ToolCall("call_1", "note", """{"text":"falcon two"}""")]),
            ],
        };

        var check = await CheckOutput(runner, completion);

        var guarded = check.Completion!;
        Assert.Equal("[REDACTED:term] one", guarded.Text);
        Assert.Equal("[REDACTED:term] one", guarded.Choices![0].Content);
        Assert.Equal("""{"text":"[REDACTED:term] two"}""", guarded.Choices[1].ToolCalls![0].Arguments);
        Assert.Equal(2, guarded.Redactions.Count);
        Assert.Equal([(OutputPart.Content, 0), (OutputPart.ToolArguments, 1)], seen);
    }

    [Fact]
    public async Task CheckOutputAsync_AllAllow_ReturnsTheSameCompletion()
    {
        var runner = Runner(output: [TestGuard.Output("ok", (_, _) => ValueTask.FromResult(OutputVerdict.Allow))]);
        var completion = TestCommands.Completion();

        var check = await CheckOutput(runner, completion);

        Assert.Same(completion, check.Completion);
    }

    [Fact]
    public async Task CheckOutputAsync_GuardBlocks_PolicyDeniedNamingThePlugin()
    {
        var runner = Runner(output: [TestGuard.Output("leak-check", (_, _) => ValueTask.FromResult(OutputVerdict.Block("leak", "It repeats internal data.")))]);

        var check = await CheckOutput(runner, TestCommands.Completion());

        Assert.Null(check.Completion);
        Assert.Equal(GatewayError.PolicyDenied, check.Failure?.Code);
        Assert.Equal("The answer was withheld by guardrail plugin 'leak-check': It repeats internal data.", check.Failure!.Detail);
    }

    [Theory]
    [InlineData("throws")]
    [InlineData("invalid-verdict")]
    public async Task CheckOutputAsync_GuardFails_AnswerWithheldNamingThePlugin(string how)
    {
        var runner = Runner(output: [TestGuard.Output("faulty", (_, _) => how == "throws"
            ? throw new InvalidOperationException("internal")
            : ValueTask.FromResult(OutputVerdict.Replace(null!, [])))]);

        var check = await CheckOutput(runner, TestCommands.Completion("the answer"));

        Assert.Null(check.Completion);
        Assert.Equal(GatewayError.PolicyDenied, check.Failure?.Code);
        Assert.Contains("'faulty' failed", check.Failure!.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("internal", check.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckOutputAsync_MonitorMode_BlockRecordedButReplacementsStillApply()
    {
        var runner = Runner(output:
        [
            TestGuard.Output("blocker", (_, _) => ValueTask.FromResult(OutputVerdict.Block("rule", "reason"))),
            TestGuard.Output("redactor", (_, _) => ValueTask.FromResult(OutputVerdict.Replace("[REDACTED:x]", [new Redaction("x", 1)]))),
        ]);

        var command = TestCommands.Generate();

        var check = await runner.CheckOutputAsync(TestCommands.Completion("secret"), command.Caller, command.Context, _monitoring, default);

        Assert.Equal("[REDACTED:x]", check.Completion?.Text);
        Assert.Null(check.Failure);
        Assert.True(check.WouldBlock);
    }

    [Fact]
    public async Task CheckPromptAsync_EachGuardRun_IsTracedAsAPluginSpanWithVerdictAndErrorType()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GatewayTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName.StartsWith("gateway.plugin span-test-", StringComparison.Ordinal))
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var runner = Runner(prompt:
        [
            TestGuard.Allowing("span-test-ok", []),
            TestGuard.Prompt("span-test-broken", (_, _) => throw new InvalidOperationException()),
        ]);

        await CheckPrompt(runner);

        Assert.Collection(
            spans,
            ok =>
            {
                Assert.Equal("gateway.plugin span-test-ok", ok.OperationName);
                Assert.Equal("span-test-ok", ok.GetTagItem("gateway.plugin.name"));
                Assert.Equal("allow", ok.GetTagItem("gateway.plugin.verdict"));
                Assert.NotNull(ok.GetTagItem("gateway.plugin.duration_ms"));
            },
            broken =>
            {
                Assert.Equal("error", broken.GetTagItem("gateway.plugin.verdict"));
                Assert.Equal("System.InvalidOperationException", broken.GetTagItem("error.type"));
                Assert.Equal(ActivityStatusCode.Error, broken.Status);
            });
    }

    [Fact]
    public void Runner_WithoutGuards_ReportsNothingToDo()
    {
        var runner = Runner();

        Assert.False(runner.HasPromptGuardsFor(TestPolicies.Default));
        Assert.False(runner.HasOutputGuardsFor(TestPolicies.Default));
    }

    private GuardrailRunner Runner(IPromptGuard[]? prompt = null, IOutputGuard[]? output = null) =>
        new(new GuardrailSet(prompt ?? [], output ?? []), Options.Create(new GuardrailOptions { PluginTimeoutMs = BudgetMs }), _time, NullLogger<GuardrailRunner>.Instance);

    /// <summary>The failure of a prompt check; an enforcing policy never records a would-be block besides it.</summary>
    private async ValueTask<GatewayFailure?> CheckPrompt(GuardrailRunner runner, PolicySnapshot? policy = null, CancellationToken cancellationToken = default)
    {
        var command = TestCommands.Generate();
        var check = await runner.CheckPromptAsync(command.Chat, command.Caller, command.Context, policy ?? _enforcing, cancellationToken);
        Assert.False(check.WouldBlock && (policy ?? _enforcing).Enforces);
        return check.Failure;
    }

    private static TestGuard TermBlocker(string term) => TestGuard.Output("terms", (r, _) => ValueTask.FromResult(
        r.Text.Contains(term, StringComparison.Ordinal) ? OutputVerdict.Block("confidential-term", "It names a confidential project.") : OutputVerdict.Allow));

    private ValueTask<OutputCheck> CheckOutput(GuardrailRunner runner, Completion completion, PolicySnapshot? policy = null)
    {
        var command = TestCommands.Generate();
        return runner.CheckOutputAsync(completion, command.Caller, command.Context, policy ?? _enforcing, default);
    }
}
