using LlmGateway.Application;
using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Guardrails;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Policies;
using LlmGateway.Infrastructure.InMemory;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace LlmGateway.UnitTests.Application.Behaviors;

public sealed class CachingBehaviorTests : IDisposable
{
    private readonly InMemoryResponseCache _cache = new(Options.Create(new GatewayOptions()));

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
        Assert.Equal(CacheStatus.Miss, result.Decisions.Cache);
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
        Assert.Equal(CacheStatus.Hit, result.Decisions.Cache);
        Assert.Equal("openai", result.Decisions.Provider);
    }

    [Fact]
    public async Task Handle_SameRequestTwice_SecondIsServedFromCache()
    {
        var next = Next.Answers();
        var behavior = Behavior(_cache);

        await behavior.Handle(TestCommands.Generate(), next.Handler, default);
        var second = TestCommands.Generate();
        var result = await behavior.Handle(second, next.Handler, default);

        Assert.Equal(1, next.Calls);
        Assert.Equal(CacheStatus.Hit, result.Decisions.Cache);
    }

    [Theory]
    [InlineData(CacheScope.Role)]
    [InlineData(CacheScope.Global)]
    public async Task Handle_SkipReadUnderASharedScope_NeitherReadsNorReplacesTheSharedEntry(CacheScope scope)
    {
        var cache = new Mock<IResponseCache>();
        var next = Next.Answers();
        var policy = TestPolicies.Compile(d => d with { Cache = new CacheSection(scope) });
        var command = TestCommands.Generate(cache: new CacheDirectives(SkipRead: true, SkipWrite: false), policy: policy);

        var result = await Behavior(cache.Object).Handle(command, next.Handler, default);

        cache.Verify(c => c.TryGetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        cache.Verify(c => c.SetAsync(It.IsAny<string>(), It.IsAny<Completion>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(1, next.Calls);
        Assert.Equal(CacheStatus.Bypass, result.Decisions.Cache);
    }

    [Fact]
    public async Task Handle_SkipReadUnderUserScope_RefreshesTheCallersOwnEntry()
    {
        var policy = TestPolicies.Compile(d => d with { Cache = new CacheSection(CacheScope.User) });
        var stale = TestCommands.Completion("Stale answer.");
        var command = TestCommands.Generate(cache: new CacheDirectives(SkipRead: true, SkipWrite: false), policy: policy);
        var key = ResponseCacheKey.Compute(command.Chat, command.Caller, CacheScope.User, 1, 0);
        await _cache.SetAsync(key, stale, default);
        var fresh = TestCommands.Completion("Fresh answer.");

        await Behavior(_cache).Handle(command, Next.Answers(fresh).Handler, default);

        Assert.Same(fresh, await _cache.TryGetAsync(key, default));
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

        var command = TestCommands.Generate(policy: TestPolicies.Compile(version: 2));
        var result = await Behavior(_cache).Handle(command, next.Handler, default);

        Assert.Equal(2, next.Calls);
        Assert.Equal(CacheStatus.Miss, result.Decisions.Cache);
    }

    [Fact]
    public async Task Handle_OutputGuardAddedOrReconfigured_DoesNotServeTheAnswerStoredWithoutIt()
    {
        var next = Next.Answers();
        await Behavior(_cache).Handle(TestCommands.Generate(), next.Handler, default);

        var guarded = await Behavior(_cache, guards: new GuardrailSet([], [new TestGuard("terms", configurationDigest: "1")])).Handle(TestCommands.Generate(), next.Handler, default);
        var reconfigured = await Behavior(_cache, guards: new GuardrailSet([], [new TestGuard("terms", configurationDigest: "2")])).Handle(TestCommands.Generate(), next.Handler, default);
        var again = await Behavior(_cache, guards: new GuardrailSet([], [new TestGuard("terms", configurationDigest: "2")])).Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Equal(3, next.Calls);
        Assert.Equal([CacheStatus.Miss, CacheStatus.Miss, CacheStatus.Hit], [guarded.Decisions.Cache, reconfigured.Decisions.Cache, again.Decisions.Cache]);
    }

    [Fact]
    public async Task Handle_StreamedMiss_StoresTheFilteredAnswerOnlyOnceTheStreamHasEnded()
    {
        var command = StreamedCommand();
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Key: AKIAIOSF", "ODNN7EXAMPLE, done."));
        stream.FilterWith(TestPolicies.Compile().OutputFilter.CreateStream(), blockOnRedaction: false);

        var result = await StreamBehavior().Handle(command, Next.Streams(stream).Handler, default);

        Assert.Same(stream, result.Stream);
        Assert.Equal(CacheStatus.Miss, result.Decisions.Cache);
        Assert.Null(await _cache.TryGetAsync(KeyOf(command), default));

        await TestStreams.ReadAllAsync(stream);

        var stored = await _cache.TryGetAsync(KeyOf(command), default);
        Assert.Equal("Key: [REDACTED:aws_access_key_id], done.", stored?.Text);
        Assert.Equal([new Redaction("aws_access_key_id", 1)], stored!.Redactions);
    }

    [Fact]
    public async Task Handle_StreamedAnswerStored_LaterStreamedRequestIsServedTheWholeAnswerFromCache()
    {
        var first = await TestStreams.CompletionAsync(TestStreams.Texts("Cached ", "answer."));
        await StreamBehavior().Handle(StreamedCommand(), Next.Streams(first).Handler, default);
        await TestStreams.ReadAllAsync(first);

        var command = StreamedCommand();
        var next = Next.Streams(await TestStreams.CompletionAsync(TestStreams.Texts("Fresh answer.")));
        var result = await StreamBehavior().Handle(command, next.Handler, default);

        Assert.Equal(0, next.Calls);
        Assert.Null(result.Stream);
        Assert.Equal("Cached answer.", result.Completion?.Text);
        Assert.Equal(CacheStatus.Hit, result.Decisions.Cache);
    }

    [Fact]
    public async Task Handle_StreamedAnswerStored_SameRequestWithoutStreamingIsServedFromCache()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Cached ", "answer."));
        await StreamBehavior().Handle(StreamedCommand(), Next.Streams(stream).Handler, default);
        await TestStreams.ReadAllAsync(stream);

        var command = TestCommands.ChatCompletion(StreamedCommand().Chat, stream: false);
        var result = await StreamBehavior().Handle(command, Next.Streams(stream).Handler, default);

        Assert.Equal("Cached answer.", result.Completion?.Text);
        Assert.Equal(CacheStatus.Hit, result.Decisions.Cache);
    }

    [Fact]
    public async Task Handle_FallbackStream_IsNotStored()
    {
        var call = await TestStreams.OpenAsync(TestStreams.Texts("From the local provider."), provider: "local");
        call.IsFallback = true;
        var stream = new StreamedCompletion(call, StreamedCommand().Chat);
        var command = StreamedCommand();

        await StreamBehavior().Handle(command, Next.Streams(stream).Handler, default);
        var read = await TestStreams.ReadAllAsync(stream);

        Assert.True(read.Completion.IsFallback);
        Assert.Null(await _cache.TryGetAsync(KeyOf(command), default));
    }

    [Fact]
    public async Task Handle_StreamBrokenOff_IsNotStored()
    {
        var stream = await TestStreams.CompletionAsync([new StreamDelta("Half an ")], breakOffWith: new HttpRequestException("reset"));
        var command = StreamedCommand();

        await StreamBehavior().Handle(command, Next.Streams(stream).Handler, default);
        var read = await TestStreams.ReadAllAsync(stream);

        Assert.Equal(GatewayError.ProviderUnavailable, read.Failure.Code);
        Assert.Null(await _cache.TryGetAsync(KeyOf(command), default));
    }

    [Fact]
    public async Task Handle_StreamBlockedByTheOutputFilter_IsNotStored()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Key: AKIAIOSF", "ODNN7EXAMPLE"));
        stream.FilterWith(TestPolicies.Compile().OutputFilter.CreateStream(), blockOnRedaction: true);
        var command = StreamedCommand();

        await StreamBehavior().Handle(command, Next.Streams(stream).Handler, default);
        var read = await TestStreams.ReadAllAsync(stream);

        Assert.Equal(GatewayError.PolicyDenied, read.Failure.Code);
        Assert.Null(await _cache.TryGetAsync(KeyOf(command), default));
    }

    [Fact]
    public async Task Handle_StreamReaderLeftEarly_IsNotStored()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("First. ", "Second."));
        var command = StreamedCommand();

        await StreamBehavior().Handle(command, Next.Streams(stream).Handler, default);
        await foreach (var _ in stream.ReadAsync())
        {
            break;
        }

        Assert.Null(await _cache.TryGetAsync(KeyOf(command), default));
    }

    [Fact]
    public async Task Handle_StreamedSkipWrite_IsNotStored()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Not for the cache."));
        var command = TestCommands.ChatCompletion(StreamedCommand().Chat, stream: true, cache: new CacheDirectives(SkipRead: false, SkipWrite: true));

        await StreamBehavior().Handle(command, Next.Streams(stream).Handler, default);
        await TestStreams.ReadAllAsync(stream);

        Assert.Null(await _cache.TryGetAsync(KeyOf(command), default));
    }

    private static ChatCompletionCommand StreamedCommand() =>
        TestCommands.ChatCompletion(ChatRequest.FromPrompt("Stream me a haiku", TestCommands.Model, null), stream: true);

    private static string KeyOf(ChatCompletionCommand command) =>
        ResponseCacheKey.Compute(command.Chat, command.Caller, CacheScope.Role, policyVersion: 1, outputGuardsId: 0);

    private static string KeyOf(GenerateCommand command, long version) =>
        ResponseCacheKey.Compute(command.Chat, command.Caller, CacheScope.Role, version, outputGuardsId: 0);

    private CachingBehavior<ChatCompletionCommand, CompletionResult> StreamBehavior() =>
        new(_cache, GuardrailSet.Empty, NullLogger<CachingBehavior<ChatCompletionCommand, CompletionResult>>.Instance);

    private static CachingBehavior<GenerateCommand, CompletionResult> Behavior(IResponseCache cache, GuardrailSet? guards = null) =>
        new(cache, guards ?? GuardrailSet.Empty, NullLogger<CachingBehavior<GenerateCommand, CompletionResult>>.Instance);
}
