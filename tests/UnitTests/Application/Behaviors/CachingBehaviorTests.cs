using LlmGateway.Application;
using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.InMemory;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace LlmGateway.UnitTests.Application.Behaviors;

public sealed class CachingBehaviorTests : IDisposable
{
    private readonly InMemoryResponseCache _cache = new(Options.Create(new GatewayOptions()));
    private readonly IPolicyStore _policies = TestPolicies.Store();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Handle_Miss_CallsNextAndStoresTheAnswer()
    {
        var answer = TestCommands.Completion("Stored answer.");
        var next = Next.Answers(answer);
        var command = TestCommands.Generate();

        var result = await Behavior(_cache).Handle(command, next.Handler, default);

        Assert.Same(answer, result.Completion);
        Assert.Equal(1, next.Calls);
        Assert.Equal(CacheStatus.Miss, command.Context.CacheStatus);
        Assert.Same(answer, await _cache.TryGetAsync(KeyOf(command, version: 1), default));
    }

    [Fact]
    public async Task Handle_Hit_ServesStoredAnswerWithoutCallingNext()
    {
        var stored = TestCommands.Completion("Stored answer.", provider: "openai");
        var command = TestCommands.Generate();
        await _cache.SetAsync(KeyOf(command, version: 1), stored, default);
        var next = Next.Answers("Fresh answer.");

        var result = await Behavior(_cache).Handle(command, next.Handler, default);

        Assert.Same(stored, result.Completion);
        Assert.Equal(0, next.Calls);
        Assert.Equal(CacheStatus.Hit, command.Context.CacheStatus);
        Assert.Equal("openai", command.Context.Provider);
    }

    [Fact]
    public async Task Handle_SameRequestTwice_SecondIsServedFromCache()
    {
        var next = Next.Answers();
        var behavior = Behavior(_cache);

        await behavior.Handle(TestCommands.Generate(), next.Handler, default);
        var second = TestCommands.Generate();
        await behavior.Handle(second, next.Handler, default);

        Assert.Equal(1, next.Calls);
        Assert.Equal(CacheStatus.Hit, second.Context.CacheStatus);
    }

    [Fact]
    public async Task Handle_SkipRead_DoesNotReadTheCacheButStores()
    {
        var cache = new Mock<IResponseCache>();
        var next = Next.Answers();
        var command = TestCommands.Generate(cache: new CacheDirectives(SkipRead: true, SkipWrite: false));

        await Behavior(cache.Object).Handle(command, next.Handler, default);

        cache.Verify(c => c.TryGetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        cache.Verify(c => c.SetAsync(It.IsAny<string>(), It.IsAny<Completion>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(1, next.Calls);
        Assert.Equal(CacheStatus.Bypass, command.Context.CacheStatus);
    }

    [Fact]
    public async Task Handle_SkipWrite_ServesMissButDoesNotStore()
    {
        var cache = new Mock<IResponseCache>();
        var next = Next.Answers();
        var command = TestCommands.Generate(cache: new CacheDirectives(SkipRead: false, SkipWrite: true));

        await Behavior(cache.Object).Handle(command, next.Handler, default);

        cache.Verify(c => c.TryGetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
        cache.Verify(c => c.SetAsync(It.IsAny<string>(), It.IsAny<Completion>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Handle_FallbackAnswer_IsNotStored()
    {
        var next = Next.Answers(TestCommands.Completion(isFallback: true, provider: "local"));
        var command = TestCommands.Generate();

        var result = await Behavior(_cache).Handle(command, next.Handler, default);

        Assert.True(result.Completion?.IsFallback);
        Assert.Null(await _cache.TryGetAsync(KeyOf(command, version: 1), default));
    }

    [Theory]
    [InlineData(GatewayError.ProviderUnavailable)]
    [InlineData(GatewayError.PromptBlocked)]
    public async Task Handle_Failure_IsNotStoredAndIsReturnedUnchanged(GatewayError error)
    {
        var cache = new Mock<IResponseCache>();
        var next = Next.Fails(error);

        var result = await Behavior(cache.Object).Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Equal(error, result.Failure?.Code);
        cache.Verify(c => c.SetAsync(It.IsAny<string>(), It.IsAny<Completion>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Handle_PolicyVersionChanged_DoesNotServeTheAnswerStoredUnderTheOldVersion()
    {
        var next = Next.Answers();
        await Behavior(_cache).Handle(TestCommands.Generate(), next.Handler, default);

        var command = TestCommands.Generate();
        await Behavior(_cache, TestPolicies.Store(version: 2)).Handle(command, next.Handler, default);

        Assert.Equal(2, next.Calls);
        Assert.Equal(CacheStatus.Miss, command.Context.CacheStatus);
    }

    private static string KeyOf(GenerateCommand command, long version) =>
        ResponseCacheKey.Compute(command.Chat, command.Caller.Role, version);

    private CachingBehavior<GenerateCommand, CompletionResult> Behavior(IResponseCache cache, IPolicyStore? policies = null) =>
        new(cache, policies ?? _policies, NullLogger<CachingBehavior<GenerateCommand, CompletionResult>>.Instance);
}
