using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Guardrails;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Policies;
using LlmGateway.UnitTests.Support;
using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace LlmGateway.UnitTests.Application.Behaviors;

/// <summary>The cache read starts before the guardrails and is decided on only after them, by the caching stage.</summary>
public sealed class CachePrefetchBehaviorTests
{
    [Fact]
    public async Task The_read_starts_before_the_inner_stages_run_and_the_caching_stage_uses_it_instead_of_reading_again()
    {
        var stored = TestCommands.Completion("Stored answer.");
        var read = new TaskCompletionSource<Completion?>();
        var cache = new Mock<IResponseCache>();
        cache.Setup(c => c.TryGetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(new ValueTask<Completion?>(read.Task));
        var command = TestCommands.Generate();
        var readsWhenInnerStagesRan = -1;
        var fresh = Next.Answers("Fresh answer.");

        var pending = Prefetch(cache.Object).Handle(
            command,
            (message, token) =>
            {
                readsWhenInnerStagesRan = cache.Invocations.Count;
                read.SetResult(stored);
                return Caching(cache.Object).Handle(message, fresh.Handler, token);
            },
            default);
        var result = await pending;

        Assert.Equal(1, readsWhenInnerStagesRan);
        Assert.Same(stored, result.Completion);
        Assert.Equal(0, fresh.Calls);
        Assert.Equal(CacheStatus.Hit, result.Decisions.Cache);
        cache.Verify(c => c.TryGetAsync(ResponseCacheKey.Compute(command.Chat, command.Caller, CacheScope.Role, 1, 0), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_request_refused_between_prefetch_and_caching_never_gets_the_stored_answer()
    {
        var cache = new Mock<IResponseCache>();
        cache.Setup(c => c.TryGetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(new ValueTask<Completion?>(TestCommands.Completion("Stored answer.")));
        var refused = Next.Fails(GatewayError.PromptBlocked);

        var result = await Prefetch(cache.Object).Handle(TestCommands.Generate(), refused.Handler, default);

        Assert.Equal(GatewayError.PromptBlocked, result.Failure?.Code);
        Assert.Null(result.Completion);
    }

    [Fact]
    public async Task No_cache_read_is_started_when_the_caller_asked_not_to_read_the_cache()
    {
        var cache = new Mock<IResponseCache>();
        var command = TestCommands.Generate(cache: new CacheDirectives(SkipRead: true, SkipWrite: false));
        GenerateCommand? passedOn = null;

        await Prefetch(cache.Object).Handle(
            command,
            (message, _) =>
            {
                passedOn = message;
                return ValueTask.FromResult(CompletionResult.FromCompletion(TestCommands.Completion()));
            },
            default);

        cache.Verify(c => c.TryGetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.NotNull(passedOn);
        Assert.Null(passedOn.CacheRead);
    }

    [Fact]
    public async Task The_read_travels_on_the_command_passed_on_keyed_by_its_pinned_policy_version()
    {
        var cache = new Mock<IResponseCache>();
        cache.Setup(c => c.TryGetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(new ValueTask<Completion?>((Completion?)null));
        var command = TestCommands.Generate(policy: TestPolicies.Compile(version: 5));
        GenerateCommand? passedOn = null;

        await Prefetch(cache.Object).Handle(
            command,
            (message, _) =>
            {
                passedOn = message;
                return ValueTask.FromResult(CompletionResult.FromCompletion(TestCommands.Completion()));
            },
            default);

        var key = ResponseCacheKey.Compute(command.Chat, command.Caller, CacheScope.Role, 5, 0);
        Assert.Equal(key, passedOn?.CacheRead?.Key);
        Assert.Null(command.CacheRead); // the command the caller holds is not changed
        cache.Verify(c => c.TryGetAsync(key, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_read_started_for_another_request_is_not_used_by_the_caching_stage()
    {
        var cache = new Mock<IResponseCache>();
        cache.Setup(c => c.TryGetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(new ValueTask<Completion?>((Completion?)null));
        var original = TestCommands.Generate("First prompt");
        var replaced = TestCommands.Generate("Another prompt");
        MessageHandlerDelegate<GenerateCommand, CompletionResult> passOnAnother = (_, token) =>
            Caching(cache.Object).Handle(replaced, Next.Answers().Handler, token);

        await Prefetch(cache.Object).Handle(original, passOnAnother, default);

        cache.Verify(c => c.TryGetAsync(ResponseCacheKey.Compute(replaced.Chat, replaced.Caller, CacheScope.Role, 1, 0), It.IsAny<CancellationToken>()), Times.Once);
    }

    private static CachePrefetchBehavior<GenerateCommand, CompletionResult> Prefetch(IResponseCache cache) => new(cache, GuardrailSet.Empty);

    private static CachingBehavior<GenerateCommand, CompletionResult> Caching(IResponseCache cache) =>
        new(cache, GuardrailSet.Empty, NullLogger<CachingBehavior<GenerateCommand, CompletionResult>>.Instance);
}
