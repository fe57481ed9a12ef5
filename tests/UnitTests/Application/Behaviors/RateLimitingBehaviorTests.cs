using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Policies;
using LlmGateway.Domain.Spend;
using LlmGateway.Infrastructure.InMemory;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LlmGateway.UnitTests.Application.Behaviors;

public class RateLimitingBehaviorTests
{
    private static readonly DateTimeOffset ResetAt = new(2030, 1, 1, 0, 1, 0, TimeSpan.Zero);

    // User and admin limits that differ from each other and from the defaults.
    private readonly PolicySnapshot _policy = TestPolicies.Compile(d => d with
    {
        Limits = new LimitsSection
        {
            User = new RoleLimits { RateLimit = 3, RateWindowSeconds = 30 },
            Admin = new RoleLimits { RateLimit = 50, RateWindowSeconds = 120 },
        },
    });

    private readonly Mock<IRateLimiter> _limiter = new();

    [Theory]
    [InlineData(Role.User, 3, 30)]
    [InlineData(Role.Admin, 50, 120)]
    public async Task Handle_Caller_AsksLimiterWithTheRoleLimitsOfThePolicy(Role role, int limit, int windowSeconds)
    {
        Decide(new RateLimitDecision(true, limit, limit - 1, ResetAt));
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());

        await behavior.Handle(Command(role, userId: "carol"), Next.Answers().Handler, default);

        _limiter.Verify(l => l.TryAcquireAsync("carol", limit, TimeSpan.FromSeconds(windowSeconds), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(false, 3, 30)] // no limits.team_admin: the user limits
    [InlineData(true, 7, 45)]
    public async Task Handle_TeamAdmin_AsksLimiterWithTheTeamAdminLimitsElseTheUsers(bool teamAdminLimits, int limit, int windowSeconds)
    {
        Decide(new RateLimitDecision(true, limit, limit - 1, ResetAt));
        var policy = TestPolicies.Compile(d => d with
        {
            Limits = new LimitsSection
            {
                User = new RoleLimits { RateLimit = 3, RateWindowSeconds = 30 },
                TeamAdmin = teamAdminLimits ? new RoleLimits { RateLimit = 7, RateWindowSeconds = 45 } : null,
            },
        });
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());

        await behavior.Handle(TestCommands.Generate(role: Role.TeamAdmin, userId: "dana", policy: policy), Next.Answers().Handler, default);

        _limiter.Verify(l => l.TryAcquireAsync("dana", limit, TimeSpan.FromSeconds(windowSeconds), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Handle_Allowed_PassesThroughAndRecordsDecision()
    {
        var decision = new RateLimitDecision(true, 3, 2, ResetAt);
        Decide(decision);
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());
        var command = Command();
        var next = Next.Answers();

        var result = await behavior.Handle(command, next.Handler, default);

        Assert.Null(result.Failure);
        Assert.Equal(1, next.Calls);
        Assert.Equal(decision, result.Decisions.RateLimit);
    }

    [Fact]
    public async Task Handle_Rejected_RateLimitedWithoutCallingNextAndRecordsDecision()
    {
        var decision = new RateLimitDecision(false, 3, 0, ResetAt);
        Decide(decision);
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());
        var command = Command();
        var next = Next.Answers();

        var result = await behavior.Handle(command, next.Handler, default);

        Assert.Equal(GatewayError.RateLimited, result.Failure?.Code);
        Assert.Equal(0, next.Calls);
        Assert.Equal(decision, result.Decisions.RateLimit);
    }

    [Fact]
    public async Task Handle_LimiterAnswersAsynchronously_WaitsForTheDecision()
    {
        var pending = new TaskCompletionSource<RateLimitDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        _limiter.Setup(l => l.TryAcquireAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Returns(new ValueTask<RateLimitDecision>(pending.Task));
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());
        var command = Command();
        var next = Next.Answers();

        var handling = behavior.Handle(command, next.Handler, default);
        Assert.Equal(0, next.Calls);
        pending.SetResult(new RateLimitDecision(false, 3, 0, ResetAt));
        var result = await handling;

        Assert.Equal(GatewayError.RateLimited, result.Failure?.Code);
        Assert.Equal(0, next.Calls);
        Assert.False(result.Decisions.RateLimit?.Allowed);
    }

    [Fact]
    public async Task Handle_WithInMemoryLimiter_RejectsTheRequestAfterTheUserLimit()
    {
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(new InMemoryRateLimiter(new FakeTimeProvider()), TestSpend.Gate());
        var next = Next.Answers();

        var results = new List<CompletionResult>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await behavior.Handle(Command(), next.Handler, default));
        }

        Assert.All(results.Take(3), r => Assert.Null(r.Failure));
        Assert.Equal(GatewayError.RateLimited, results[3].Failure?.Code);
        Assert.Equal(3, next.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Handle_Decision_RateLimitSpanCarriesItAndEndsBeforeTheRestOfThePipeline(bool allowed)
    {
        using var spans = new SpanCapture();
        Decide(new RateLimitDecision(allowed, 3, allowed ? 2 : 0, ResetAt));
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());
        var parentInNext = default(System.Diagnostics.ActivitySpanId?);
        var command = Command();

        await behavior.Handle(command, (_, _) =>
        {
            parentInNext = System.Diagnostics.Activity.Current?.SpanId;
            return ValueTask.FromResult(CompletionResult.FromCompletion(TestCommands.Completion()));
        }, default);

        var span = spans.Single("gateway.rate_limit");
        Assert.Equal(allowed, span.GetTagItem("gateway.rate_limit.allowed"));
        Assert.Equal(3, span.GetTagItem("gateway.rate_limit.limit"));
        Assert.Equal(allowed ? 2 : 0, span.GetTagItem("gateway.rate_limit.remaining"));
        Assert.Equal(false, span.GetTagItem("gateway.rate_limit.failed_open"));
        if (allowed)
        {
            Assert.Equal(span.ParentSpanId, parentInNext);
        }
    }

    [Fact]
    public async Task Handle_DecisionStillPending_NextRunsUnderTheCallersSpanNotTheStagesOne()
    {
        using var spans = new SpanCapture();
        var decision = new TaskCompletionSource<RateLimitDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        _limiter.Setup(l => l.TryAcquireAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Returns(new ValueTask<RateLimitDecision>(decision.Task));
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());
        var callersSpan = System.Diagnostics.Activity.Current;
        var parentInNext = default(System.Diagnostics.ActivitySpanId?);

        var pending = behavior.Handle(Command(), (_, _) =>
        {
            parentInNext = System.Diagnostics.Activity.Current?.SpanId;
            return ValueTask.FromResult(CompletionResult.FromCompletion(TestCommands.Completion()));
        }, default);
        var currentAfterHandle = System.Diagnostics.Activity.Current;
        decision.SetResult(new RateLimitDecision(true, 3, 2, ResetAt));
        await pending;

        Assert.Same(callersSpan, currentAfterHandle);
        Assert.Equal(callersSpan!.SpanId, parentInNext);
        Assert.Equal(callersSpan.SpanId, spans.Single("gateway.rate_limit").ParentSpanId);
    }

    [Fact]
    public async Task Handle_Allowed_KeepsTheDecisionsOfTheStagesInside()
    {
        var decision = new RateLimitDecision(true, 3, 2, ResetAt);
        Decide(decision);
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());
        var inner = CompletionResult.FromCompletion(TestCommands.Completion())
            .WithDecisions(new PipelineDecisions { Cache = CacheStatus.Hit, Provider = "openai", WouldBlock = BlockReason.BlockedTerm });

        var result = await behavior.Handle(Command(), (_, _) => ValueTask.FromResult(inner), default);

        Assert.Equal(
            new PipelineDecisions { Cache = CacheStatus.Hit, Provider = "openai", WouldBlock = BlockReason.BlockedTerm, RateLimit = decision },
            result.Decisions with { Spend = null });
    }

    [Fact]
    public async Task Handle_PinnedPolicy_LimitsComeFromTheCommandsPolicy()
    {
        Decide(new RateLimitDecision(true, 7, 6, ResetAt));
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());
        var other = TestPolicies.Compile(d => d with { Limits = new LimitsSection { User = new RoleLimits { RateLimit = 7, RateWindowSeconds = 15 } } }, version: 2);

        await behavior.Handle(TestCommands.Generate(userId: "dave", policy: other), Next.Answers().Handler, default);

        _limiter.Verify(l => l.TryAcquireAsync("dave", 7, TimeSpan.FromSeconds(15), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Handle_KeyWithItsOwnRpmLimit_CountsPerKeyAndMinuteInsteadOfTheUsersLimit()
    {
        Decide(new RateLimitDecision(true, 500, 499, ResetAt));
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());
        var command = Command() with { Caller = new Caller("alice", Role.User) { KeyId = "0123abcd", RpmLimit = 500 } };

        await behavior.Handle(command, Next.Answers().Handler, default);

        _limiter.Verify(l => l.TryAcquireAsync("key:0123abcd", 500, TimeSpan.FromMinutes(1), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Handle_KeyWhoseBudgetCannotCoverTheReservation_RefusedBeforeTheCallUntilTheNextPeriod()
    {
        Decide(new RateLimitDecision(true, 3, 2, ResetAt));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero));
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate(TestSpend.Ledger(time)));
        var command = Command() with { Caller = new Caller("alice", Role.User) { KeyId = "0123abcd", Budget = new KeyBudget(0.000001m, BudgetPeriod.Day) } };
        var next = Next.Answers();

        var result = await behavior.Handle(command, next.Handler, default);

        Assert.Equal(GatewayError.BudgetExceeded, result.Failure?.Code);
        Assert.Contains("$0.000001 per day", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.Contains("2026-12-08T00:00:00Z", result.Failure.Detail, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), result.Failure.RetryAt);
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task Handle_UserTokensPerMinute_AdmitsWhatFitsAndRefusesTheRequestThatWouldGoOver()
    {
        Decide(new RateLimitDecision(true, 3, 2, ResetAt));
        var probe = Command();
        var reserved = TestSpend.Tokens.CountPrompt(probe.Chat) + 100;
        var policy = TestPolicies.Compile(d => d with { Limits = new LimitsSection { User = new RoleLimits { RateLimit = 100, TokensPerMinute = (2 * reserved) + reserved - 1 } } });
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate());
        var command = TestCommands.Generate(maxTokens: 100, policy: policy);

        // The provider reports exactly what was reserved, so every settlement leaves the window as the reservation did.
        var next = Next.Answers(TestCommands.Completion() with { Usage = new LlmGateway.Domain.Chat.TokenUsage(reserved - 100, 100, Estimated: false) });
        var results = new List<CompletionResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await behavior.Handle(command, next.Handler, default));
        }

        Assert.Null(results[0].Failure);
        Assert.Null(results[1].Failure);
        Assert.Equal(GatewayError.RateLimited, results[2].Failure?.Code);
        Assert.Contains("tokens per minute for this user", results[2].Failure!.Detail, StringComparison.Ordinal);
        Assert.NotNull(results[2].Failure!.RetryAt);
        Assert.Equal(2, next.Calls);
    }

    [Fact]
    public async Task Handle_Answered_SettlesAtTheReportedUsageAndPrice()
    {
        Decide(new RateLimitDecision(true, 3, 2, ResetAt));
        var ledger = TestSpend.Ledger();
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate(ledger));

        var result = await behavior.Handle(Command(), Next.Answers().Handler, default);

        // TestCommands.Completion reports 3 + 3 tokens of gpt-4o-mini: 3 × 150 + 3 × 600 nano-dollars.
        var expected = new SpendUse(3, 3, (3 * 150) + (3 * 600));
        Assert.Equal(expected, result.Decisions.Spend?.Used);
        var rows = await ledger.ReadUsageAsync(UsageGrouping.User, DateOnly.MinValue, DateOnly.MaxValue.AddDays(-1), null, default);
        Assert.Equal([new UsageRow("alice", 1, 3, 3, expected.CostNanos)], rows);
    }

    [Fact]
    public async Task Handle_CacheHit_SpendsNothing()
    {
        Decide(new RateLimitDecision(true, 3, 2, ResetAt));
        var ledger = TestSpend.Ledger();
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate(ledger));
        var hit = CompletionResult.FromCompletion(TestCommands.Completion()).WithDecisions(new PipelineDecisions { Cache = CacheStatus.Hit });

        var result = await behavior.Handle(Command(), (_, _) => ValueTask.FromResult(hit), default);

        Assert.Null(result.Decisions.Spend?.Used);
        Assert.Empty(await ledger.ReadUsageAsync(UsageGrouping.User, DateOnly.MinValue, DateOnly.MaxValue.AddDays(-1), null, default));
    }

    [Fact]
    public async Task Handle_AnsweredByADeploymentWithItsOwnPrice_SettlesAtThatPriceNotTheTables()
    {
        Decide(new RateLimitDecision(true, 3, 2, ResetAt));
        var ledger = TestSpend.Ledger();
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate(ledger));
        var served = new ServedDeployment("east:gpt-4o-mini", new ModelPrice(10, 20, 5));
        var answer = CompletionResult.FromCompletion(TestCommands.Completion()).WithDecisions(new PipelineDecisions { Provider = "east", Deployment = served });

        var result = await behavior.Handle(Command(), (_, _) => ValueTask.FromResult(answer), default);

        // 3 + 3 tokens at $10 and $20 per million, not gpt-4o-mini's table price.
        Assert.Equal(new SpendUse(3, 3, (3 * 10_000) + (3 * 20_000)), result.Decisions.Spend?.Used);
    }

    [Fact]
    public async Task Handle_AnswerWithheldAfterTheProviderReportedItsUsage_SettlesAtThatUsageNotTheReservation()
    {
        Decide(new RateLimitDecision(true, 3, 2, ResetAt));
        var ledger = TestSpend.Ledger();
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object, TestSpend.Gate(ledger));
        // A key with a budget: the request reserves its prompt plus max_tokens (500) before the call.
        var command = TestCommands.Generate(maxTokens: 500, policy: _policy) with
        {
            Caller = new Caller("alice", Role.User) { KeyId = "0123abcd", Budget = new KeyBudget(100m, BudgetPeriod.Day) },
        };
        var withheld = CompletionResult.FromFailure(new GatewayFailure(GatewayError.PolicyDenied, "The answer was withheld by guardrail plugin 'terms'."))
            .WithDecisions(new PipelineDecisions { Provider = "openai", Block = BlockReason.OutputPlugin, WithheldUsage = new LlmGateway.Domain.Chat.TokenUsage(3, 4, Estimated: false) });

        var result = await behavior.Handle(command, (_, _) => ValueTask.FromResult(withheld), default);

        // gpt-4o-mini: 3 × 150 + 4 × 600 nano-dollars, what the provider billed, not the 500 reserved output tokens.
        Assert.Equal(new SpendUse(3, 4, (3 * 150) + (4 * 600)), result.Decisions.Spend?.Used);
        var rows = await ledger.ReadUsageAsync(UsageGrouping.Key, DateOnly.MinValue, DateOnly.MaxValue.AddDays(-1), null, default);
        Assert.Equal([new UsageRow("0123abcd", 1, 3, 4, (3 * 150) + (4 * 600))], rows);
    }

    [Fact]
    public void Plan_ModelWithDeploymentsOfTheirOwnPrices_ReservesAtTheHighestAndSettlesFromTheTablesPrice()
    {
        var table = new ModelPrice(1, 2, 1);
        var highest = new ModelPrice(5, 40, 5);
        var prices = new Mock<IPriceTable>();
        prices.Setup(p => p.PriceFor("gpt-4o-mini")).Returns(table);
        prices.Setup(p => p.HighestPriceFor("gpt-4o-mini")).Returns(highest);
        var gate = TestSpend.Gate(prices: prices.Object);
        var command = TestCommands.Generate(maxTokens: 100, policy: _policy) with
        {
            Caller = new Caller("alice", Role.User) { KeyId = "0123abcd", Budget = new KeyBudget(100m, BudgetPeriod.Day) },
        };

        var reservation = gate.Plan(command, _policy.UserLimits);

        Assert.Equal(highest.CostNanos(reservation.PromptTokens, 0, 100), reservation.CostNanos);
        Assert.Equal(table, reservation.Price);
    }

    private GenerateCommand Command(Role role = Role.User, string userId = "alice") =>
        TestCommands.Generate(role: role, userId: userId, policy: _policy);

    private void Decide(RateLimitDecision decision) =>
        _limiter.Setup(l => l.TryAcquireAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(decision);
}
