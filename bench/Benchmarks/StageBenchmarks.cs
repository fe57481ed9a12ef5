using BenchmarkDotNet.Attributes;
using LlmGateway.Application;
using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Application.Generate;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LlmGateway.Benchmarks;

/// <summary>
/// Each stage of the <see cref="PipelineBenchmarks"/> pipeline alone, on a <see cref="GenerateCommand"/> with the benign
/// 1 KB prompt: the behavior's <c>Handle</c> with a <c>next</c> that has already completed with the clean 1 KB answer.
/// The command and its context are built once and reused, so a row shows what the stage itself costs; building them
/// is the "edge" row. Behaviors get their dependencies from the same container as the pipeline.
/// </summary>
[MemoryDiagnoser]
public class StageBenchmarks
{
    private ServiceProvider _services = null!;
    private string _prompt = null!;
    private GenerateCommand _command = null!;
    private GenerateCommand _noStore = null!;
    private GenerateCommand _noCache = null!;
    private GenerateCommand[] _unseen = null!;
    private int _turn;
    private MessageHandlerDelegate<GenerateCommand, CompletionResult> _next = null!;

    private AuthorizationBehavior<GenerateCommand, CompletionResult> _authorization = null!;
    private RateLimitingBehavior<GenerateCommand, CompletionResult> _rateLimiting = null!;
    private ValidationBehavior<GenerateCommand, CompletionResult> _validation = null!;
    private PromptInspectionBehavior<GenerateCommand, CompletionResult> _inspection = null!;
    private PromptGuardBehavior<GenerateCommand, CompletionResult> _promptGuard = null!;
    private PolicyBehavior<GenerateCommand, CompletionResult> _policy = null!;
    private CachingBehavior<GenerateCommand, CompletionResult> _caching = null!;
    private OutputGuardBehavior<GenerateCommand, CompletionResult> _outputGuard = null!;
    private OutputFilteringBehavior<GenerateCommand, CompletionResult> _outputFiltering = null!;
    private GenerateCommandHandler _handler = null!;

    [GlobalSetup]
    public void Setup()
    {
        var answer = Gateway.Answer(Texts.Benign(1024, seed: 5));
        _services = Gateway.Build(answer);
        _prompt = Texts.Benign(1024, seed: 1);
        // The no-cache command stores the key the default command then hits; the no-store command asks for a
        // different max_tokens, so its key is never stored and it misses every time.
        _command = Command(_prompt, null, new CacheDirectives(SkipRead: false, SkipWrite: false));
        _noCache = Command(_prompt, null, new CacheDirectives(SkipRead: true, SkipWrite: false));
        _noStore = Command(_prompt, 255, new CacheDirectives(SkipRead: false, SkipWrite: true));
        // Inspection remembers verdicts: its row takes prompts it has not seen in turn, as new requests bring them.
        _unseen = [.. Texts.Unseen(_prompt).Select(prompt => Command(prompt, null, _command.Cache))];
        var completed = CompletionResult.FromCompletion(answer);
        _next = (_, _) => ValueTask.FromResult(completed);

        _authorization = Create<AuthorizationBehavior<GenerateCommand, CompletionResult>>();
        _rateLimiting = Create<RateLimitingBehavior<GenerateCommand, CompletionResult>>();
        _validation = Create<ValidationBehavior<GenerateCommand, CompletionResult>>();
        _inspection = Create<PromptInspectionBehavior<GenerateCommand, CompletionResult>>();
        _promptGuard = Create<PromptGuardBehavior<GenerateCommand, CompletionResult>>();
        _policy = Create<PolicyBehavior<GenerateCommand, CompletionResult>>();
        _caching = Create<CachingBehavior<GenerateCommand, CompletionResult>>();
        _outputGuard = Create<OutputGuardBehavior<GenerateCommand, CompletionResult>>();
        _outputFiltering = Create<OutputFilteringBehavior<GenerateCommand, CompletionResult>>();
        _handler = Create<GenerateCommandHandler>();

        // Every stage must let the request through (a refusal would measure the failure path), and the cache
        // stage must see what its row names: the default command hits, the no-store one misses.
        foreach (var stage in new Func<ValueTask<CompletionResult>>[]
        {
            Authorization, RateLimiting, Validation, PromptInspection, PromptGuard, Policy, CachingMissAndWrite, CachingHit, CachingMiss, OutputGuard, OutputFiltering, Handler,
        })
        {
            var pending = stage();
            Check.That(pending.IsCompletedSuccessfully && pending.Result.Completion is not null, $"stage {stage.Method.Name} did not pass the request");
        }

        Check.That(Decisions(CachingHit()).Cache == CacheStatus.Hit, "the cache stage did not hit");
        Check.That(Decisions(CachingMiss()).Cache == CacheStatus.Miss, "the no-store cache stage did not miss");
        Check.That(Decisions(RateLimiting()).RateLimit is { Allowed: true }, "the rate limiter refused");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "edge: context + fingerprint + command")]
    public GenerateCommand Edge()
    {
        var context = new RequestContext("bench-request") { Prompt = TextFingerprint.Of(_prompt) };
        return new GenerateCommand(_command.Caller, context, _command.Policy, ChatRequest.FromPrompt(_prompt, _command.Chat.Model, null), _command.Cache);
    }

    [Benchmark(Description = "1 Authorization")]
    public ValueTask<CompletionResult> Authorization() => _authorization.Handle(_command, _next, default);

    [Benchmark(Description = "2 RateLimiting")]
    public ValueTask<CompletionResult> RateLimiting() => _rateLimiting.Handle(_command, _next, default);

    [Benchmark(Description = "3 Validation")]
    public ValueTask<CompletionResult> Validation() => _validation.Handle(_command, _next, default);

    [Benchmark(Description = "4 PromptInspection (1 KB)")]
    public ValueTask<CompletionResult> PromptInspection() => _inspection.Handle(_unseen[_turn++ % _unseen.Length], _next, default);

    [Benchmark(Description = "5 PromptGuard (no plugins)")]
    public ValueTask<CompletionResult> PromptGuard() => _promptGuard.Handle(_command, _next, default);

    [Benchmark(Description = "6 Policy")]
    public ValueTask<CompletionResult> Policy() => _policy.Handle(_command, _next, default);

    [Benchmark(Description = "7 Caching, hit")]
    public ValueTask<CompletionResult> CachingHit() => _caching.Handle(_command, _next, default);

    [Benchmark(Description = "7 Caching, miss (no-store)")]
    public ValueTask<CompletionResult> CachingMiss() => _caching.Handle(_noStore, _next, default);

    [Benchmark(Description = "7 Caching, miss + write (no-cache)")]
    public ValueTask<CompletionResult> CachingMissAndWrite() => _caching.Handle(_noCache, _next, default);

    [Benchmark(Description = "  cache key alone (SHA-256, 1 KB prompt)")]
    public string CacheKey() => ResponseCacheKey.Compute(_command.Chat, _command.Caller, LlmGateway.Domain.Policies.CacheScope.Role, 1, 0);

    [Benchmark(Description = "8 OutputGuard (no plugins)")]
    public ValueTask<CompletionResult> OutputGuard() => _outputGuard.Handle(_command, _next, default);

    [Benchmark(Description = "9 OutputFiltering (1 KB clean answer)")]
    public ValueTask<CompletionResult> OutputFiltering() => _outputFiltering.Handle(_command, _next, default);

    [Benchmark(Description = "handler + no-op provider")]
    public ValueTask<CompletionResult> Handler() => _handler.Handle(_command, default);

    private GenerateCommand Command(string prompt, int? maxTokens, CacheDirectives cache) =>
        new(
            new Caller("bench-user", Role.User),
            new RequestContext("bench-request") { Prompt = TextFingerprint.Of(prompt) },
            _services.GetRequiredService<IPolicyStore>().Current,
            ChatRequest.FromPrompt(prompt, new GatewayOptions().DefaultModel, maxTokens),
            cache);

    private static PipelineDecisions Decisions(ValueTask<CompletionResult> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result.Decisions : throw new InvalidOperationException("the stage did not complete synchronously");

    private T Create<T>() => ActivatorUtilities.CreateInstance<T>(_services);
}
