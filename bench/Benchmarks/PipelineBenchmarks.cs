using BenchmarkDotNet.Attributes;
using LlmGateway.Application;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Application.Generate;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmGateway.Benchmarks;

public enum PromptSize
{
    /// <summary>A one-line question (38 characters).</summary>
    OneLine,

    /// <summary>A benign 1 KB prompt of prose and code.</summary>
    OneKB,
}

/// <summary>
/// One whole request through the Mediator pipeline (issue 7): what an endpoint does after the JSON is read — build the
/// request context (with the prompt's fingerprint) and the command, then <c>ISender.Send</c> through all nine
/// behaviors to the handler and a provider that answers at once with a fixed, clean 1 KB answer. HTTP, JSON and
/// authentication are not included.
/// </summary>
/// <remarks>
/// Cache cases: "miss" sends <c>Cache-Control: no-store</c> (<c>CacheDirectives(SkipRead: false, SkipWrite: true)</c>):
/// the cache is read and misses, nothing is stored, so every operation misses again; miss cases take their prompts in
/// turn from more distinct copies than the prompt inspector remembers, so each is inspected as new. "miss + write"
/// sends <c>no-cache</c> (<c>SkipRead: true, SkipWrite: false</c>): the read is skipped and the answer is stored every time. A real first request does both: the read (a dictionary lookup) plus the write.
/// "hit" finds the answer stored in the setup.
/// </remarks>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private static readonly TextFingerprinter Fingerprints = new("bench-fingerprint-key-0123456789abcdef"u8);

    private static readonly CacheDirectives NoStore = new(SkipRead: false, SkipWrite: true);
    private static readonly CacheDirectives NoCache = new(SkipRead: true, SkipWrite: false);
    private static readonly CacheDirectives Default = new(SkipRead: false, SkipWrite: false);

    private readonly Caller _caller = new("bench-user", Role.User);
    private ServiceProvider _services = null!;
    private ISender _sender = null!;
    private string _model = null!;
    private IPolicyStore _policies = null!;
    private string _prompt = null!;
    private ChatRequest _chat = null!;
    private string[] _unseenPrompts = null!;
    private ChatRequest[] _unseenChats = null!;
    private int _turn;

    [ParamsAllValues]
    public PromptSize Prompt { get; set; }

    // Each case builds its own gateway in its setup, so the cache holds exactly what that setup put there.
    [GlobalSetup(Targets = [nameof(GenerateMiss), nameof(ChatMiss)])]
    public void SetupMiss()
    {
        Start();
        Expect(GenerateMiss(), CacheStatus.Miss);
        Expect(ChatMiss(), CacheStatus.Miss);
    }

    [GlobalSetup(Target = nameof(GenerateMissAndWrite))]
    public void SetupMissAndWrite()
    {
        Start();
        Expect(Generate(NoCache, _unseenPrompts[0]), CacheStatus.Bypass);
        Expect(Generate(Default, _unseenPrompts[0]), CacheStatus.Hit); // it was stored
    }

    [GlobalSetup(Targets = [nameof(GenerateHit), nameof(ChatHit)])]
    public void SetupHit()
    {
        Start();
        Expect(Generate(Default, _prompt), CacheStatus.Miss); // stores the answers the hits find
        Expect(Chat(Default, _chat), CacheStatus.Miss);
        Expect(GenerateHit(), CacheStatus.Hit);
        Expect(ChatHit(), CacheStatus.Hit);
    }

    private void Start()
    {
        _services = Gateway.Build(Gateway.Answer(Texts.Benign(1024, seed: 5)));
        _sender = _services.GetRequiredService<ISender>();
        _model = _services.GetRequiredService<IOptions<GatewayOptions>>().Value.DefaultModel;
        _policies = _services.GetRequiredService<IPolicyStore>();
        _prompt = Prompt == PromptSize.OneLine ? Texts.ShortPrompt : Texts.Benign(1024, seed: 1);
        _chat = ChatWith(_prompt);
        _unseenPrompts = Texts.Unseen(_prompt);
        _unseenChats = [.. _unseenPrompts.Select(ChatWith)];
    }

    private ChatRequest ChatWith(string prompt) => new(
        [new ChatMessage(ChatRole.System, "You are a concise assistant for software engineers."), new ChatMessage(ChatRole.User, prompt)],
        _model,
        MaxTokens: 256);

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "Generate, cache miss (no-store)")]
    public ValueTask<CompletionResult> GenerateMiss() => Generate(NoStore, Unseen(_unseenPrompts));

    [Benchmark(Description = "Generate, cache miss + write (no-cache)")]
    public ValueTask<CompletionResult> GenerateMissAndWrite() => Generate(NoCache, Unseen(_unseenPrompts));

    [Benchmark(Description = "Generate, cache hit")]
    public ValueTask<CompletionResult> GenerateHit() => Generate(Default, _prompt);

    [Benchmark(Description = "Chat (system + user), cache miss (no-store)")]
    public ValueTask<CompletionResult> ChatMiss() => Chat(NoStore, Unseen(_unseenChats));

    [Benchmark(Description = "Chat (system + user), cache hit")]
    public ValueTask<CompletionResult> ChatHit() => Chat(Default, _chat);

    // As GenerateController does it: the pinned policy, context with the prompt's fingerprint, ChatRequest.FromPrompt, the command, Send.
    private ValueTask<CompletionResult> Generate(CacheDirectives cache, string prompt)
    {
        var context = new RequestContext("bench-request") { Prompt = Fingerprints.Of(prompt) };
        return _sender.Send(new GenerateCommand(_caller, context, _policies.Current, ChatRequest.FromPrompt(prompt, _model, null), cache));
    }

    // As ChatCompletionsController does it, after the JSON body has become a ChatRequest (that part is the edge's, not measured).
    private ValueTask<CompletionResult> Chat(CacheDirectives cache, ChatRequest chat)
    {
        var context = new RequestContext("bench-request") { Prompt = Fingerprints.Of(chat.Messages[^1].Content) };
        return _sender.Send(new ChatCompletionCommand(_caller, context, _policies.Current, chat, cache, Stream: false));
    }

    // A miss case sends a prompt the inspector has not seen, as a new request would; a hit resends the stored one.
    private T Unseen<T>(T[] items) => items[_turn++ % items.Length];

    private void Expect(ValueTask<CompletionResult> pending, CacheStatus expected)
    {
        Check.That(pending.IsCompletedSuccessfully, "the pipeline did not complete synchronously");
        var result = pending.Result;
        Check.That(result.Completion is not null, $"the request failed: {result.Failure?.Code} {result.Failure?.Detail}");
        var decisions = result.Decisions;
        Check.That(decisions.Cache == expected, $"cache status {decisions.Cache}, expected {expected}");
        Check.That(decisions.RateLimit is { Allowed: true, FailedOpen: false } limit && limit.Remaining < limit.Limit, "the rate limiter did not count the request");
        Check.That(decisions is { Block: BlockReason.None, WouldBlock: BlockReason.None }, "a guardrail would have refused the prompt");
    }
}
