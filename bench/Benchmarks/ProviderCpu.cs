using System.Diagnostics;

namespace LlmGateway.Benchmarks;

/// <summary>
/// CPU per call of each <see cref="ProviderBenchmarks"/> row, which BenchmarkDotNet's wall times cannot show on a busy
/// machine: <c>Concurrency</c> callers loop over one row for <c>Seconds</c>, and the process's CPU time (user + system)
/// over that run is divided by the calls made. Rows run in A B C … / … C B A order, <c>Repeats</c> times; the medians
/// are printed. The mock upstream's CPU is in another process and is not counted.
/// </summary>
internal static class ProviderCpu
{
    public static async Task RunAsync(int concurrency, double seconds, int repeats)
    {
        var bench = new ProviderBenchmarks();
        bench.Setup();
        (string Name, Func<Task> Call)[] rows =
        [
            ("raw HttpClient POST", () => bench.RawPost()),
            ("SDK, plain HttpClient", () => bench.SdkPlainHttpClient()),
            ("SDK, resilience handler", () => bench.SdkResilienceHandler()),
            ("gateway adapter", () => bench.GatewayAdapter()),
            ("raw HttpClient POST, streamed (content parsed)", () => bench.RawPostStream()),
            ("SDK streamed, resilience handler", () => bench.SdkStreamResilienceHandler()),
            ("gateway adapter, streamed", () => bench.GatewayAdapterStream()),
        ];
        var results = new Dictionary<string, List<(double CpuUs, double WallUs)>>(StringComparer.Ordinal);
        foreach (var (name, call) in rows)
        {
            results[name] = [];
            await Run(call, concurrency, 1.0); // warm-up, not recorded
        }

        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var order = repeat % 2 == 0 ? rows : [.. rows.Reverse()];
            foreach (var (name, call) in order)
            {
                results[name].Add(await Run(call, concurrency, seconds));
            }
        }

        Console.WriteLine($"| call (concurrency {concurrency}, {seconds:0} s x {repeats}) | CPU µs/call | wall µs/call |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, _) in rows)
        {
            var cpu = Median(results[name].ConvertAll(r => r.CpuUs));
            var wall = Median(results[name].ConvertAll(r => r.WallUs));
            Console.WriteLine($"| {name} | {cpu:0} | {wall:0} |");
        }

        bench.Cleanup();
    }

    private static async Task<(double CpuUs, double WallUs)> Run(Func<Task> call, int concurrency, double seconds)
    {
        var process = Process.GetCurrentProcess();
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var calls = 0;
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var loops = new Task[concurrency];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < until)
                {
                    await call();
                    Interlocked.Increment(ref calls);
                }
            });
        }

        await Task.WhenAll(loops);
        var wall = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return (cpu.TotalMicroseconds / calls, wall.TotalMicroseconds * concurrency / calls);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
