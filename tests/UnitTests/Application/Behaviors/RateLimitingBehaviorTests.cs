using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Policies;
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
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object);

        await behavior.Handle(Command(role, userId: "carol"), Next.Answers().Handler, default);

        _limiter.Verify(l => l.TryAcquireAsync("carol", limit, TimeSpan.FromSeconds(windowSeconds), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Handle_Allowed_PassesThroughAndRecordsDecision()
    {
        var decision = new RateLimitDecision(true, 3, 2, ResetAt);
        Decide(decision);
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object);
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
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object);
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
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object);
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
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(new InMemoryRateLimiter(new FakeTimeProvider()));
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
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object);
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
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object);
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
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object);
        var inner = CompletionResult.FromCompletion(TestCommands.Completion())
            .WithDecisions(new PipelineDecisions { Cache = CacheStatus.Hit, Provider = "openai", WouldBlock = BlockReason.BlockedTerm });

        var result = await behavior.Handle(Command(), (_, _) => ValueTask.FromResult(inner), default);

        Assert.Equal(
            new PipelineDecisions { Cache = CacheStatus.Hit, Provider = "openai", WouldBlock = BlockReason.BlockedTerm, RateLimit = decision },
            result.Decisions);
    }

    [Fact]
    public async Task Handle_PinnedPolicy_LimitsComeFromTheCommandsPolicy()
    {
        Decide(new RateLimitDecision(true, 7, 6, ResetAt));
        var behavior = new RateLimitingBehavior<GenerateCommand, CompletionResult>(_limiter.Object);
        var other = TestPolicies.Compile(d => d with { Limits = new LimitsSection { User = new RoleLimits { RateLimit = 7, RateWindowSeconds = 15 } } }, version: 2);

        await behavior.Handle(TestCommands.Generate(userId: "dave", policy: other), Next.Answers().Handler, default);

        _limiter.Verify(l => l.TryAcquireAsync("dave", 7, TimeSpan.FromSeconds(15), It.IsAny<CancellationToken>()), Times.Once);
    }

    private GenerateCommand Command(Role role = Role.User, string userId = "alice") =>
        TestCommands.Generate(role: role, userId: userId, policy: _policy);

    private void Decide(RateLimitDecision decision) =>
        _limiter.Setup(l => l.TryAcquireAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(decision);
}
