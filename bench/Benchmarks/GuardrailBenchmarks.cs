using BenchmarkDotNet.Attributes;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Inspection;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Benchmarks;

/// <summary>
/// The default policy's engines on their own (issue 4): prompt inspection (rules and the n-gram model) and output
/// filtering, whole and streamed. One call per operation; inputs are built and checked once in the setup.
/// </summary>
[MemoryDiagnoser]
public class GuardrailBenchmarks
{
    private PromptInspector _inspector = null!;
    private OutputFilter _filter = null!;
    private string[] _benign256Unseen = null!;
    private string _benign1K = null!;
    private string[] _benign1KUnseen = null!;
    private string[] _benign16KUnseen = null!;
    private string[] _injection1KUnseen = null!;
    private int _turn;
    private string _answer4K = null!;
    private string _answer4KWithHits = null!;
    private string[] _answer4KChunks = null!;
    private string[] _answer4KWithHitsChunks = null!;

    [GlobalSetup]
    public void Setup()
    {
        var snapshot = PolicyCompiler.Compile(DefaultPolicy.Create(10, 60), 1, new RoleLimits());
        _inspector = snapshot.Inspector;
        _filter = snapshot.OutputFilter;

        _benign256Unseen = Texts.Unseen(Texts.Benign(256, seed: 5));
        _benign1K = Texts.Benign(1024, seed: 1);
        _benign1KUnseen = Texts.Unseen(_benign1K);
        _benign16KUnseen = Texts.Unseen(Texts.Benign(16 * 1024, seed: 2));
        _injection1KUnseen = Texts.Unseen(Texts.With(1024, seed: 3, (0.5, Texts.Injection)));
        _answer4K = Texts.Benign(4096, seed: 4);
        _answer4KWithHits = Texts.With(4096, seed: 4, (0.2, $"Write to {Texts.Email} for access."), (0.45, $"The key id is {Texts.AwsAccessKeyId}."), (0.7, $"The session token is {Texts.Jwt} for now."));
        _answer4KChunks = Texts.Chunks(_answer4K, 16);
        _answer4KWithHitsChunks = Texts.Chunks(_answer4KWithHits, 16);

        // The cases must be what they claim: benign texts pass, the injection is blocked, the hits are found.
        Check.That(!_inspector.Inspect(_benign1K).ThresholdReached, "the benign 1 KB prompt is blocked");
        Check.That(!_inspector.Inspect(_benign16KUnseen[0]).ThresholdReached, "the benign 16 KB prompt is blocked");
        Check.That(_inspector.Inspect(_injection1KUnseen[0]).ThresholdReached, "the 1 KB injection is not blocked");
        Check.That(_filter.Filter(_answer4K).Redactions.Count == 0, "the 4 KB answer without hits has redactions");
        var hits = _filter.Filter(_answer4KWithHits).Redactions;
        Check.That(hits.Count == 3 && Check.Has(hits, "email") && Check.Has(hits, "aws_access_key_id") && Check.Has(hits, "jwt"),
            $"the 4 KB answer with hits gives [{string.Join(", ", hits)}]");
        Check.That(StreamWhole(_answer4KWithHitsChunks) == _filter.Filter(_answer4KWithHits).Text, "streamed and whole filtering differ");
    }

    // Each call inspects a text the inspector has not seen (Texts.Unseen), except the "seen before" case.
    [Benchmark(Description = "Inspect benign 256 B")]
    public InspectionVerdict InspectBenign256() => _inspector.Inspect(Next(_benign256Unseen));

    [Benchmark(Description = "Inspect benign 1 KB")]
    public InspectionVerdict InspectBenign1K() => _inspector.Inspect(Next(_benign1KUnseen));

    [Benchmark(Description = "Inspect benign 1 KB, seen before")]
    public InspectionVerdict InspectBenign1KSeen() => _inspector.Inspect(_benign1K);

    [Benchmark(Description = "Inspect benign 16 KB")]
    public InspectionVerdict InspectBenign16K() => _inspector.Inspect(Next(_benign16KUnseen));

    [Benchmark(Description = "Inspect injection 1 KB")]
    public InspectionVerdict InspectInjection1K() => _inspector.Inspect(Next(_injection1KUnseen));

    [Benchmark(Description = "Filter 4 KB, no hits")]
    public FilterResult Filter4K() => _filter.Filter(_answer4K);

    [Benchmark(Description = "Filter 4 KB, 3 hits")]
    public FilterResult Filter4KWithHits() => _filter.Filter(_answer4KWithHits);

    [Benchmark(Description = "Stream-filter 4 KB in 16-char chunks, no hits")]
    public int StreamFilter4K() => Stream(_answer4KChunks);

    [Benchmark(Description = "Stream-filter 4 KB in 16-char chunks, 3 hits")]
    public int StreamFilter4KWithHits() => Stream(_answer4KWithHitsChunks);

    private string Next(string[] texts) => texts[_turn++ % texts.Length];

    // What the streaming edge does: push every chunk, write what is released, flush at the end, read the redactions.
    private int Stream(string[] chunks)
    {
        var stream = _filter.CreateStream();
        var released = 0;
        foreach (var chunk in chunks)
        {
            released += stream.Push(chunk).Length;
        }

        released += stream.Flush().Length;
        return released + stream.Redactions.Count;
    }

    private string StreamWhole(string[] chunks)
    {
        var stream = _filter.CreateStream();
        var output = new System.Text.StringBuilder();
        foreach (var chunk in chunks)
        {
            output.Append(stream.Push(chunk));
        }

        return output.Append(stream.Flush()).ToString();
    }
}
