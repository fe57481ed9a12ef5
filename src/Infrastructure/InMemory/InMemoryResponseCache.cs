using LlmGateway.Application;
using Microsoft.Extensions.Caching.Memory;

namespace LlmGateway.Infrastructure.InMemory;

/// <summary>A bounded per-process cache: at most <see cref="MaxEntries"/> answers, each for CACHE_TTL_SECONDS.</summary>
internal sealed class InMemoryResponseCache : IResponseCache, IDisposable
{
    public const int MaxEntries = 10_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private readonly TimeSpan _ttl;

    public InMemoryResponseCache(IOptions<GatewayOptions> options) => _ttl = TimeSpan.FromSeconds(options.Value.CacheTtlSeconds);

    public ValueTask<Completion?> TryGetAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_cache.TryGetValue(key, out Completion? completion) ? completion : null);

    public ValueTask SetAsync(string key, Completion completion, CancellationToken cancellationToken)
    {
        if (_ttl > TimeSpan.Zero)
        {
            _cache.Set(key, completion, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _ttl });
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();
}
