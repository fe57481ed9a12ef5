// Per-call latency of the stages that touch shared state, in-memory adapters against the Redis adapters,
// measured side by side in one run (interleaved rounds, so drift on a noisy machine hits both alike).
// Usage: dotnet run -c Release --project bench/RedisStages -- <redis host:port> [calls per round] [rounds]
using System.Diagnostics;
using System.Globalization;
using LlmGateway.Application;
using LlmGateway.Application.Common;
using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.InMemory;
using LlmGateway.Infrastructure.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var endpoint = args.Length > 0 ? args[0] : "127.0.0.1:6379";
var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;

var host = endpoint.Split(':');
var redisOptions = Options.Create(new RedisOptions
{
    Host = host[0],
    Port = int.Parse(host[1], CultureInfo.InvariantCulture),
    KeyPrefix = $"bench:{Guid.NewGuid():N}:",
});
var gatewayOptions = Options.Create(new GatewayOptions());
using var connection = new RedisConnection(redisOptions, TimeProvider.System, NullLogger<RedisConnection>.Instance);
if (!connection.IsConnected)
{
    Console.Error.WriteLine($"Redis at {endpoint} does not answer.");
    return 1;
}

var memoryLimiter = new InMemoryRateLimiter(TimeProvider.System);
var redisLimiter = new RedisRateLimiter(connection, TimeProvider.System);
using var memoryCache = new InMemoryResponseCache(gatewayOptions);
var redisCache = new RedisResponseCache(connection, gatewayOptions);
var answer = new Completion("An answer of ordinary length, as a model would give it. " + new string('x', 400), "local", "local-echo", "stop", new TokenUsage(12, 120, true), [], false);
const string HitKey = "v1:bench-hit";
await memoryCache.SetAsync(HitKey, answer, CancellationToken.None);
await redisCache.SetAsync(HitKey, answer, CancellationToken.None);
await Task.Delay(100);

var stages = new (string Name, Func<int, ValueTask> Call)[]
{
    ("rate limit  in-memory", i => Discard(memoryLimiter.TryAcquireAsync($"user-{i % 500}", int.MaxValue, TimeSpan.FromMinutes(1), default))),
    ("rate limit  redis", i => Discard(redisLimiter.TryAcquireAsync($"user-{i % 500}", int.MaxValue, TimeSpan.FromMinutes(1), default))),
    ("cache miss  in-memory", i => Discard(memoryCache.TryGetAsync($"v1:miss-{i}", default))),
    ("cache miss  redis", i => Discard(redisCache.TryGetAsync($"v1:miss-{i}", default))),
    ("cache hit   in-memory", _ => Discard(memoryCache.TryGetAsync(HitKey, default))),
    ("cache hit   redis", _ => Discard(redisCache.TryGetAsync(HitKey, default))),
    ("cache write in-memory", i => memoryCache.SetAsync($"v1:write-{i}", answer, default)),
    ("cache write redis", i => redisCache.SetAsync($"v1:write-{i}", answer, default)),
};

var samples = stages.Select(_ => new List<double>(calls * rounds)).ToArray();
for (var round = 0; round < rounds + 1; round++)
{
    // Round 0 warms up (JIT, connection, script cache) and is not recorded. Alternate the order each round.
    var order = round % 2 == 0 ? Enumerable.Range(0, stages.Length) : Enumerable.Range(0, stages.Length).Reverse();
    foreach (var s in order)
    {
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await stages[s].Call(round * calls + i);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            if (round > 0)
            {
                samples[s].Add(elapsed);
            }
        }
    }
}

Console.WriteLine($"{calls} calls x {rounds} rounds per stage, one call at a time, Redis at {endpoint}");
Console.WriteLine($"{"stage",-24} {"p50 µs",10} {"p99 µs",10}");
for (var s = 0; s < stages.Length; s++)
{
    samples[s].Sort();
    Console.WriteLine($"{stages[s].Name,-24} {Percentile(samples[s], 0.50),10:0.0} {Percentile(samples[s], 0.99),10:0.0}");
}

double StageP(string name, double q) => Percentile(samples[Array.FindIndex(stages, x => x.Name == name)], q);
Console.WriteLine();
Console.WriteLine("Added per request by Redis (redis minus in-memory):");
foreach (var q in new[] { 0.50, 0.99 })
{
    var miss = StageP("rate limit  redis", q) - StageP("rate limit  in-memory", q)
        + StageP("cache miss  redis", q) - StageP("cache miss  in-memory", q)
        + StageP("cache write redis", q) - StageP("cache write in-memory", q);
    var hit = StageP("rate limit  redis", q) - StageP("rate limit  in-memory", q)
        + StageP("cache hit   redis", q) - StageP("cache hit   in-memory", q);
    Console.WriteLine($"  p{q * 100:0}: cache-miss path {miss:0.0} µs, cache-hit path {hit:0.0} µs (sum of stage percentiles)");
}

return 0;

static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

static async ValueTask Discard<T>(ValueTask<T> pending) => await pending;
