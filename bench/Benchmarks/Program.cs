// BenchmarkDotNet suites for the guardrail engines and the in-process request pipeline; see bench/README.md.
// Usage: dotnet run -c Release --project bench/Benchmarks -- --filter '*'   (or --filter '*Stage*'; add --dry to check
// every case's setup with one call each; --provider-cpu for CPU per provider call, see bench/provider-path.sh)
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

// 2 warm-up and 9 measured iterations of 120 ms, no overhead evaluation (rows in nanoseconds include the ~1 ns of an
// empty call): a few seconds a case, the 31 cases in about six minutes on two busy cores. Medians are the figures to
// quote; ratios between rows of one run are what carries over to another machine.
// In-process: BenchmarkDotNet's per-case child project cannot be generated here (it looks for a project file named
// after the assembly, and Directory.Build.props names assemblies LlmGateway.<project>), and it saves a build per run.
// Every case still gets a freshly built gateway from its own [GlobalSetup].
if (args is ["--provider-cpu", ..])
{
    // bench/provider-path.sh: CPU per provider call (see ProviderCpu); needs MOCK_URL.
    await LlmGateway.Benchmarks.ProviderCpu.RunAsync(concurrency: 16, seconds: 4, repeats: 3);
    return;
}

var dry = args.Contains("--dry", StringComparer.Ordinal);
var job = (dry ? Job.Dry : Job.Default
        .WithLaunchCount(1)
        .WithWarmupCount(2)
        .WithIterationCount(9)
        .WithIterationTime(TimeInterval.FromMilliseconds(120))
        .WithEvaluateOverhead(false))
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithId(dry ? "Dry" : "Gateway");

var config = DefaultConfig.Instance
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
    .HideColumns(Column.Error, Column.StdDev, Column.Job, Column.Toolchain, Column.LaunchCount, Column.WarmupCount, Column.IterationCount, Column.IterationTime);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. args.Where(a => a != "--dry")], config);
