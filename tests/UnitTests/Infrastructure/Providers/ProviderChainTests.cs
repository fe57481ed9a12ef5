using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.Providers;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Logging;

namespace LlmGateway.UnitTests.Infrastructure.Providers;

public class ProviderChainTests
{
    private static readonly ChatRequest Request = ChatRequest.FromPrompt("Hello", TestCommands.Model, null);

    private readonly ListLogger<ProviderChain> _logger = new();

    [Fact]
    public async Task CompleteAsync_FirstAnswers_ServedAsNoFallbackAndOthersNotAsked()
    {
        var openai = ScriptedProvider.Up("openai");
        var local = ScriptedProvider.Up("local");

        var result = await Chain(openai, local).CompleteAsync(Request, 100, default);

        Assert.Equal("openai", result.Completion?.Provider);
        Assert.False(result.Completion!.IsFallback);
        Assert.Equal(0, local.Calls);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public async Task CompleteAsync_FirstFails_SecondServesMarkedAsFallback()
    {
        var ollama = ScriptedProvider.Up("ollama");
        var local = ScriptedProvider.Up("local");

        var result = await Chain(ScriptedProvider.Down("openai", "HTTP 500"), ollama, local).CompleteAsync(Request, 100, default);

        Assert.Equal("ollama", result.Completion?.Provider);
        Assert.True(result.Completion!.IsFallback);
        Assert.Equal(1, ollama.Calls);
        Assert.Equal(0, local.Calls);
    }

    [Fact]
    public async Task CompleteAsync_ThirdServes_StillMarkedAsFallback()
    {
        var result = await Chain(ScriptedProvider.Down("openai", "timeout"), ScriptedProvider.Down("ollama", "HTTP 503"), ScriptedProvider.Up("local"))
            .CompleteAsync(Request, 100, default);

        Assert.Equal("local", result.Completion?.Provider);
        Assert.True(result.Completion!.IsFallback);
    }

    [Fact]
    public async Task CompleteAsync_AllFail_ProviderUnavailableNamingEveryReason()
    {
        var result = await Chain(ScriptedProvider.Down("openai", "HTTP 500"), ScriptedProvider.Down("ollama", "connection failed"))
            .CompleteAsync(Request, 100, default);

        Assert.Null(result.Completion);
        Assert.Equal(GatewayError.ProviderUnavailable, result.Failure?.Code);
        Assert.Contains("openai: HTTP 500", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.Contains("ollama: connection failed", result.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_MovingOn_LogsOneFallbackWarningPerProviderLeftBehind()
    {
        await Chain(ScriptedProvider.Down("openai", "HTTP 429"), ScriptedProvider.Down("ollama", "circuit open"), ScriptedProvider.Up("local"))
            .CompleteAsync(Request, 100, default);

        Assert.Collection(
            _logger.Entries,
            e => AssertFallback(e, "openai", "HTTP 429", "ollama"),
            e => AssertFallback(e, "ollama", "circuit open", "local"));
    }

    [Fact]
    public async Task CompleteAsync_AllFail_LogsFallbacksThenOneError()
    {
        await Chain(ScriptedProvider.Down("openai", "HTTP 500"), ScriptedProvider.Down("ollama", "timeout")).CompleteAsync(Request, 100, default);

        Assert.Collection(
            _logger.Entries,
            e => AssertFallback(e, "openai", "HTTP 500", "ollama"),
            e =>
            {
                Assert.Equal((LogLevel.Error, 4002), (e.Level, e.EventId));
                Assert.Contains("ollama: timeout", e.Message, StringComparison.Ordinal);
            });
    }

    [Fact]
    public async Task StreamAsync_FirstOpens_NotFallbackAndOthersNotAsked()
    {
        var local = ScriptedProvider.Up("local");

        var result = await Chain(ScriptedProvider.Up("openai"), local).StreamAsync(Request, 100, default);

        Assert.Equal("openai", result.Stream?.Provider);
        Assert.False(result.Stream!.IsFallback);
        Assert.Equal(0, local.Calls);
    }

    [Fact]
    public async Task StreamAsync_FirstFailsBeforeAnswering_SecondStreamsMarkedAsFallback()
    {
        var result = await Chain(ScriptedProvider.Down("openai", "HTTP 500"), ScriptedProvider.Up("local")).StreamAsync(Request, 100, default);

        Assert.Equal("local", result.Stream?.Provider);
        Assert.True(result.Stream!.IsFallback);
        Assert.Single(_logger.Entries, e => e.EventId == 4001);

        var text = "";
        await foreach (var delta in result.Stream.ReadAsync())
        {
            text += delta.Text;
        }

        Assert.Equal("Answer from local.", text);
    }

    [Fact]
    public async Task StreamAsync_AllFail_ProviderUnavailableNamingEveryReason()
    {
        var result = await Chain(ScriptedProvider.Down("openai", "timeout"), ScriptedProvider.Down("azure-openai", "HTTP 401"))
            .StreamAsync(Request, 100, default);

        Assert.Null(result.Stream);
        Assert.Equal(GatewayError.ProviderUnavailable, result.Failure?.Code);
        Assert.Contains("openai: timeout", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.Contains("azure-openai: HTTP 401", result.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_IsThePrimarysName()
    {
        Assert.Equal("openai", Chain(ScriptedProvider.Up("openai"), ScriptedProvider.Up("local")).Name);
    }

    private static void AssertFallback(LogEntry entry, string provider, string reason, string next)
    {
        Assert.Equal((LogLevel.Warning, 4001), (entry.Level, entry.EventId));
        Assert.Equal($"Provider fallback: {provider} failed ({provider}: {reason}); trying {next}", entry.Message);
    }

    private ProviderChain Chain(params IChatProvider[] members) => new(members, _logger);

    /// <summary>A provider that always answers (with "Answer from NAME.") or always fails with the given reason.</summary>
    private sealed class ScriptedProvider(string name, GatewayFailure? failure) : IChatProvider
    {
        public string Name => name;

        public int Calls { get; private set; }

        public static ScriptedProvider Up(string name) => new(name, null);

        public static ScriptedProvider Down(string name, string reason) =>
            new(name, new GatewayFailure(GatewayError.ProviderUnavailable, $"{name}: {reason}"));

        public ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
        {
            Calls++;
            return ValueTask.FromResult(failure is null
                ? ProviderResult.Success(TestCommands.Completion($"Answer from {name}.", provider: name))
                : ProviderResult.Failed(failure));
        }

        public async ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
        {
            Calls++;
            return failure is null
                ? StreamingCallResult.Success(await TestStreams.OpenAsync(TestStreams.Texts($"Answer from {name}."), provider: name))
                : StreamingCallResult.Failed(failure);
        }
    }
}
