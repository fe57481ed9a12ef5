using System.Diagnostics;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.Providers;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LlmGateway.UnitTests.Infrastructure.Providers;

public sealed class ProviderChainTests : IDisposable
{
    private static readonly ChatRequest Request = ChatRequest.FromPrompt("Hello", TestCommands.Model, null);

    private readonly ListLogger<ProviderChain> _logger = new();
    private readonly MetricCapture _metrics = new();

    public void Dispose() => _metrics.Dispose();

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

    [Fact]
    public async Task CompleteAsync_FirstFails_FailedAttemptSpanThenFurtherAttemptsUnderOneFallbackSpan()
    {
        using var spans = new SpanCapture();

        await Chain(ScriptedProvider.Down("openai", "HTTP 500", "500"), ScriptedProvider.Down("ollama", "timeout", "timeout"), ScriptedProvider.Up("local"))
            .CompleteAsync(Request, 100, default);

        var attempts = spans.Spans.Where(s => s.DisplayName == $"chat {TestCommands.Model}").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(ActivityKind.Client, a.Kind));
        Assert.Equal(["500", "timeout", null], attempts.Select(a => a.GetTagItem("error.type") as string));
        Assert.Equal(["openai", "ollama", "local"], attempts.Select(a => a.GetTagItem("gen_ai.provider.name") as string));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        Assert.Equal(100, attempts[0].GetTagItem("gen_ai.request.max_tokens"));
        Assert.Equal(false, attempts[0].GetTagItem("gen_ai.request.stream"));

        var fallback = spans.Single("gateway.fallback");
        Assert.Equal("openai", fallback.GetTagItem("gateway.fallback.from"));
        Assert.Equal("500", fallback.GetTagItem("error.type"));
        Assert.NotEqual(fallback.SpanId, attempts[0].ParentSpanId);
        Assert.Equal(fallback.SpanId, attempts[1].ParentSpanId);
        Assert.Equal(fallback.SpanId, attempts[2].ParentSpanId);

        var answered = attempts[2];
        Assert.Equal(TestCommands.Model, answered.GetTagItem("gen_ai.response.model"));
        Assert.Equal(["stop"], Assert.IsType<string[]>(answered.GetTagItem("gen_ai.response.finish_reasons")));
        Assert.Equal(3, answered.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(3, answered.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Null(answered.GetTagItem("gen_ai.usage.cache_read.input_tokens"));
    }

    [Fact]
    public async Task CompleteAsync_UsageWithCachedPromptTokens_AttemptSpanCarriesTheCacheReads()
    {
        using var spans = new SpanCapture();
        var usage = new TokenUsage(18, 4, Estimated: false) { CachedPromptTokens = 5 };

        await Chain(new CachedUsageProvider(usage)).CompleteAsync(Request, 100, default);

        var attempt = spans.Spans.Single(s => s.DisplayName == $"chat {TestCommands.Model}");
        Assert.Equal(18, attempt.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(5, attempt.GetTagItem("gen_ai.usage.cache_read.input_tokens"));
    }

    [Fact]
    public async Task CompleteAsync_FirstFails_CountsTheFallbackAndEveryAttemptsDuration()
    {
        await Chain(ScriptedProvider.Down("openai", "HTTP 500", "500"), ScriptedProvider.Up("local")).CompleteAsync(Request, 100, default);

        var fallback = Assert.Single(_metrics.Of("gateway.provider.fallbacks"));
        Assert.Equal(("openai", "500"), (fallback.Tag("gen_ai.provider.name"), fallback.Tag("error.type")));
        var durations = _metrics.Of("gen_ai.client.operation.duration");
        Assert.Equal(["500", null], durations.Select(d => d.Tag("error.type")));
        Assert.All(durations, d => Assert.Equal("chat", d.Tag("gen_ai.operation.name")));
        // Test doubles configure no model, so the requested one is not a label.
        Assert.All(durations, d => Assert.Equal("_OTHER", d.Tag("gen_ai.request.model")));
        var tokens = _metrics.Of("gen_ai.client.token.usage");
        Assert.Equal([("input", 3.0), ("output", 3.0)], tokens.Select(t => (t.Tag("gen_ai.token.type")!, t.Value)));
    }

    [Fact]
    public async Task CompleteAsync_NoFallback_NoFallbackSpanAndNothingCounted()
    {
        using var spans = new SpanCapture();

        await Chain(ScriptedProvider.Up("openai"), ScriptedProvider.Up("local")).CompleteAsync(Request, 100, default);

        Assert.DoesNotContain(spans.Spans, s => s.DisplayName == "gateway.fallback");
        Assert.Empty(_metrics.Of("gateway.provider.fallbacks"));
    }

    [Fact]
    public async Task StreamAsync_AttemptSpanEndsAtTheLastChunkNotWhenTheStreamOpens()
    {
        using var spans = new SpanCapture();

        var result = await Chain(ScriptedProvider.Down("openai", "HTTP 500", "500"), ScriptedProvider.Up("local")).StreamAsync(Request, 100, default);

        Assert.DoesNotContain(spans.Spans, s => s.GetTagItem("gen_ai.provider.name") as string == "local");
        Assert.DoesNotContain(spans.Spans, s => s.DisplayName == "gateway.fallback");
        Assert.Single(_metrics.Of("gen_ai.client.operation.duration"));

        await using (var stream = result.Stream!)
        {
            await foreach (var _ in stream.ReadAsync())
            {
            }
        }

        var served = Assert.Single(spans.Spans, s => s.GetTagItem("gen_ai.provider.name") as string == "local");
        Assert.Equal(true, served.GetTagItem("gen_ai.request.stream"));
        Assert.Equal(["stop"], Assert.IsType<string[]>(served.GetTagItem("gen_ai.response.finish_reasons")));
        Assert.Null(served.GetTagItem("error.type"));
        Assert.Equal(spans.Single("gateway.fallback").SpanId, served.ParentSpanId);
        Assert.Equal(2, _metrics.Of("gen_ai.client.operation.duration").Count);
    }

    [Fact]
    public async Task StreamAsync_ReaderLeavesEarly_AttemptEndsAsCancelled()
    {
        using var spans = new SpanCapture();

        var result = await Chain(ScriptedProvider.Up("openai")).StreamAsync(Request, 100, default);
        await result.Stream!.DisposeAsync();

        var attempt = Assert.Single(spans.Spans, s => s.Kind == ActivityKind.Client);
        Assert.Equal("cancelled", attempt.GetTagItem("error.type"));
        Assert.Equal("cancelled", Assert.Single(_metrics.Of("gen_ai.client.operation.duration")).Tag("error.type"));
    }

    [Fact]
    public async Task CompleteAsync_OneDeploymentOfTheModelFails_AnotherOfTheSameModelServesAsNoFallback()
    {
        var east = ScriptedProvider.Down("east", "HTTP 500");
        var west = ScriptedProvider.Up("west");
        var mini = ScriptedProvider.Up("mini");

        var result = await Routed(east, west, mini).CompleteAsync(Request with { Model = "gpt-x" }, 100, default);

        Assert.Equal("west", result.Completion?.Provider);
        Assert.False(result.Completion!.IsFallback);
        Assert.Equal("gpt-x", result.Model);
        Assert.Equal(0, mini.Calls);
    }

    [Fact]
    public async Task CompleteAsync_EveryDeploymentOfTheModelFails_FallbackModelServesMarkedAndNamed()
    {
        var east = ScriptedProvider.Down("east", "HTTP 500");
        var west = ScriptedProvider.Down("west", "timeout");
        var mini = ScriptedProvider.Up("mini");

        var result = await Routed(east, west, mini).CompleteAsync(Request with { Model = "x" }, 100, default);

        Assert.Equal("mini", result.Completion?.Provider);
        Assert.True(result.Completion!.IsFallback);
        Assert.Equal("gpt-x-mini", result.Model);
        Assert.Equal((1, 1), (east.Calls, west.Calls));
    }

    [Fact]
    public async Task StreamAsync_FallbackModelOpensTheStream_StreamNamesIt()
    {
        var result = await Routed(ScriptedProvider.Down("east", "HTTP 500"), ScriptedProvider.Down("west", "HTTP 502"), ScriptedProvider.Up("mini"))
            .StreamAsync(Request with { Model = "gpt-x" }, 100, default);

        Assert.True(result.Stream!.IsFallback);
        Assert.Equal("gpt-x-mini", result.Stream.ServedModel);
    }

    [Fact]
    public async Task CompleteAsync_UnknownModel_NotFoundNamingModelAndNoProviderAsked()
    {
        var east = ScriptedProvider.Up("east");

        var result = await Routed(east, ScriptedProvider.Up("west"), ScriptedProvider.Up("mini")).CompleteAsync(Request with { Model = "gpt-unknown" }, 100, default);

        Assert.Equal(GatewayError.NotFound, result.Failure?.Code);
        Assert.Equal(["model"], result.Failure!.Errors!.Keys);
        Assert.Equal(0, east.Calls);
    }

    [Fact]
    public async Task CompleteAsync_ClientsMistakeFromADeployment_ReturnedAndNoOtherDeploymentOrFallbackAsked()
    {
        var rejecting = new ScriptedProvider("east", new GatewayFailure(GatewayError.UpstreamRejected, "east: HTTP 400")
        {
            Upstream = new UpstreamError(400, "Invalid value for 'tools[0]'.", "invalid_request_error", "tools", "invalid_value"),
        });
        var west = ScriptedProvider.Up("west");
        var mini = ScriptedProvider.Up("mini");
        var chain = Routed(rejecting, west, mini, eastWeight: 1000);

        // Weight 1000 to 1: the rejecting deployment is drawn first in (nearly) every request; those are the ones that count.
        var rejected = 0;
        for (var i = 0; i < 20; i++)
        {
            var result = await chain.CompleteAsync(Request with { Model = "gpt-x" }, 100, default);
            if (result.Failure is { Code: GatewayError.UpstreamRejected })
            {
                rejected++;
            }
        }

        Assert.Equal(rejected, rejecting.Calls);
        Assert.True(rejected >= 18, $"only {rejected} of 20 requests were drawn to the weight-1000 deployment");
        Assert.Equal(20 - rejected, west.Calls);
        Assert.Equal(0, mini.Calls);
    }

    private static void AssertFallback(LogEntry entry, string provider, string reason, string next)
    {
        Assert.Equal((LogLevel.Warning, 4001), (entry.Level, entry.EventId));
        Assert.Equal($"Provider fallback: {provider} failed ({provider}: {reason}); trying {next}", entry.Message);
    }

    private ProviderChain Chain(params IChatProvider[] members) => new(members, _metrics.Metrics, _logger);

    /// <summary>gpt-x (alias x) on east and west, falling back to gpt-x-mini on mini; no local provider.</summary>
    private ProviderChain Routed(ScriptedProvider east, ScriptedProvider west, ScriptedProvider mini, int eastWeight = 1)
    {
        var settings = new Dictionary<string, string?>
        {
            ["LOCAL_FALLBACK"] = "false",
            ["Models:0:Name"] = "gpt-x",
            ["Models:0:Aliases:0"] = "x",
            ["Models:0:Deployments:0:Provider"] = "east",
            ["Models:0:Deployments:0:Weight"] = eastWeight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Models:0:Deployments:1:Provider"] = "west",
            ["Models:0:Fallbacks:0"] = "gpt-x-mini",
            ["Models:1:Name"] = "gpt-x-mini",
            ["Models:1:Deployments:0:Provider"] = "mini",
        };
        var members = new[] { east, west, mini };
        for (var i = 0; i < members.Length; i++)
        {
            settings[$"Providers:{i}:Name"] = members[i].Name;
            settings[$"Providers:{i}:BaseUrl"] = $"http://127.0.0.1:9/{members[i].Name}";
            settings[$"Providers:{i}:Model"] = "any";
        }

        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Get<ProviderOptions>()!;
        Assert.True(new ProviderOptionsValidator("gpt-x").Validate(null, options).Succeeded);
        var plan = ModelCatalogPlan.From(options, "gpt-x");
        var clients = plan.Deployments.Select(d => (IChatProvider)members.Single(m => m.Name == d.Remote!.Name)).ToArray();
        return new ProviderChain(new ModelRouter(plan, clients, new Random(3)), _metrics.Metrics, _logger);
    }

    /// <summary>A provider whose answer reports <paramref name="usage"/>, as Anthropic's does with its prompt cache.</summary>
    private sealed class CachedUsageProvider(TokenUsage usage) : IChatProvider
    {
        public string Name => "anthropic";

        public ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ProviderResult.Success(TestCommands.Completion(provider: Name) with { Usage = usage }));

        public ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    /// <summary>A provider that always answers (with "Answer from NAME.") or always fails with the given reason.</summary>
    private sealed class ScriptedProvider(string name, GatewayFailure? failure) : IChatProvider
    {
        public string Name => name;

        public int Calls { get; private set; }

        public static ScriptedProvider Up(string name) => new(name, null);

        public static ScriptedProvider Down(string name, string reason, string? errorType = null) =>
            new(name, new GatewayFailure(GatewayError.ProviderUnavailable, $"{name}: {reason}") { ErrorType = errorType });

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
