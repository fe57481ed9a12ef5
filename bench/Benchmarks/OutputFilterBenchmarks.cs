using BenchmarkDotNet.Attributes;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Benchmarks;

/// <summary>
/// The default policy's output filter on a 64 KiB answer, whole and streamed in 16-character chunks (the issue-19
/// targets: 20 MB/s whole, 10 MB/s streamed; MB/s = 131,072 bytes of UTF-16 / the median). One answer of ordinary prose
/// and one with an obfuscated key (zero-width space and a Cyrillic letter), so the normalising path is measured too.
/// </summary>
[MemoryDiagnoser]
public class OutputFilterBenchmarks
{
    private const int Length = 64 * 1024;

    private OutputFilter _filter = null!;
    private string _answer = null!;
    private string _answerWithHits = null!;
    private string _answerObfuscated = null!;
    private string[] _answerChunks = null!;
    private string[] _answerWithHitsChunks = null!;
    private string[] _answerObfuscatedChunks = null!;

    [GlobalSetup]
    public void Setup()
    {
        _filter = PolicyCompiler.Compile(DefaultPolicy.Create(10, 60), 1, new RoleLimits()).OutputFilter;
        _answer = Texts.Benign(Length, seed: 7);
        _answerWithHits = Texts.With(Length, seed: 7, (0.2, $"Write to {Texts.Email} for access."), (0.45, $"The key id is {Texts.AwsAccessKeyId}."), (0.7, $"The session token is {Texts.Jwt} for now."));
        _answerObfuscated = Texts.With(Length, seed: 7, (0.5, "The key id is \u0410KIAIOSF\u200BODNN7EXAMPLE."));
        _answerChunks = Texts.Chunks(_answer, 16);
        _answerWithHitsChunks = Texts.Chunks(_answerWithHits, 16);
        _answerObfuscatedChunks = Texts.Chunks(_answerObfuscated, 16);

        Check.That(_filter.Filter(_answer).Redactions.Count == 0, "the 64 KiB answer without hits has redactions");
        Check.That(_filter.Filter(_answerWithHits).Redactions.Count == 3, "the 64 KiB answer with hits does not give 3 redactions");
        Check.That(!_filter.Filter(_answerObfuscated).Text.Contains("ODNN7", StringComparison.Ordinal), "the obfuscated key is not redacted");
    }

    [Benchmark(Description = "Filter 64 KiB, no hits")]
    public FilterResult Filter64K() => _filter.Filter(_answer);

    [Benchmark(Description = "Filter 64 KiB, 3 hits")]
    public FilterResult Filter64KWithHits() => _filter.Filter(_answerWithHits);

    [Benchmark(Description = "Filter 64 KiB, obfuscated key")]
    public FilterResult Filter64KObfuscated() => _filter.Filter(_answerObfuscated);

    [Benchmark(Description = "Stream-filter 64 KiB in 16-char chunks, no hits")]
    public int Stream64K() => Stream(_answerChunks);

    [Benchmark(Description = "Stream-filter 64 KiB in 16-char chunks, 3 hits")]
    public int Stream64KWithHits() => Stream(_answerWithHitsChunks);

    [Benchmark(Description = "Stream-filter 64 KiB in 16-char chunks, obfuscated key")]
    public int Stream64KObfuscated() => Stream(_answerObfuscatedChunks);

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
}
