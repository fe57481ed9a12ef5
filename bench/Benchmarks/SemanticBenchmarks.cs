using BenchmarkDotNet.Attributes;
using LlmGateway.Infrastructure.Inspection;

namespace LlmGateway.Benchmarks;

/// <summary>
/// The semantic prompt-inspection tier (all-MiniLM-L6-v2 and its head, one ONNX thread a call) per prompt size: what a
/// prompt costs when <c>prompt_inspection.semantic</c> sends it to the tier and has not seen it before. 100 B fits one
/// window of 128 tokens, 1 KB takes about four, 4 KB and 16 KB the sixteen-window cap (bench/README.md, "Semantic tier").
/// Run alone: dotnet run -c Release --project bench/Benchmarks -- --filter '*Semantic*'
/// </summary>
[MemoryDiagnoser]
public class SemanticBenchmarks
{
    private OnnxInjectionScorer _scorer = null!;
    private string _text = null!;

    [Params(100, 1024, 4096, 16 * 1024)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scorer = OnnxInjectionScorer.Shipped;
        _text = Texts.Benign(Bytes, seed: 7);
        // The cost does not depend on the verdict; the score is printed because the head flags some of these texts
        // (engineering prose with code, bench/README.md "Semantic tier").
        Console.WriteLine($"// semantic score of the benign {Bytes} B prompt: {_scorer.Score(_text):0.000} (threshold {_scorer.Threshold:0.000})");
    }

    // Compute, not Score: Score would answer every call after the first from its memory of seen texts.
    [Benchmark(Description = "Semantic score, unseen text")]
    public double Score() => _scorer.Compute(_text);
}
