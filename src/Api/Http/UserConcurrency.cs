using System.Collections.Concurrent;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace LlmGateway.Api.Http;

/// <summary>
/// How many requests, and how many of them streams, each user has running in this process
/// (MAX_CONCURRENT_REQUESTS_PER_USER, MAX_CONCURRENT_STREAMS_PER_USER). In-process counters, no store round trip:
/// the caps hold per instance, so N instances behind a balancer let a user run up to N times as many.
/// </summary>
public sealed class UserConcurrencyLimiter(IOptions<ApiOptions> options, TimeProvider time)
{
    private readonly int _maxRequests = options.Value.MaxConcurrentRequestsPerUser;
    private readonly int _maxStreams = options.Value.MaxConcurrentStreamsPerUser;
    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private int _acquiredSinceSweep;

    /// <summary>Takes a request slot, or says the cap is full (the failure to answer with).</summary>
    public GatewayFailure? TryAcquire(string userId, out Lease lease) => TryAcquire(userId, stream: false, out lease);

    /// <summary>
    /// Takes a stream slot besides the request slot the action already holds, once the body says it streams (the
    /// chat action reads its own body, so the filter cannot know), or says the cap is full.
    /// </summary>
    public GatewayFailure? TryAcquireStream(string userId, out Lease lease) => TryAcquire(userId, stream: true, out lease);

    private GatewayFailure? TryAcquire(string userId, bool stream, out Lease lease)
    {
        if (Interlocked.Increment(ref _acquiredSinceSweep) >= SweepEvery)
        {
            Sweep();
        }

        while (true)
        {
            var counter = _counters.GetOrAdd(userId, static _ => new Counter());
            lock (counter)
            {
                if (counter.Removed)
                {
                    continue; // swept meanwhile: take the one now in the map
                }

                if (!stream && counter.Requests >= _maxRequests)
                {
                    lease = default;
                    return Refused($"This user already has {_maxRequests} requests running; retry when one has finished.");
                }

                if (stream && counter.Streams >= _maxStreams)
                {
                    lease = default;
                    return Refused($"This user already has {_maxStreams} streams open; retry when one has ended.");
                }

                if (stream)
                {
                    counter.Streams++;
                }
                else
                {
                    counter.Requests++;
                }

                lease = new Lease(counter, stream);
                return null;
            }
        }
    }

    /// <summary>Requests of this user running now (0 once all ended): for tests and diagnostics.</summary>
    public int Running(string userId) => _counters.TryGetValue(userId, out var counter) ? Volatile.Read(ref counter.Requests) : 0;

    private static void Release(Counter counter, bool stream)
    {
        lock (counter)
        {
            if (stream)
            {
                counter.Streams--;
            }
            else
            {
                counter.Requests--;
            }
        }
    }

    // Memory follows the users with requests running, not every user ever seen; a user's counter is kept between
    // requests (no allocation per request) until a sweep finds it idle.
    private void Sweep()
    {
        Interlocked.Exchange(ref _acquiredSinceSweep, 0);
        foreach (var (userId, counter) in _counters)
        {
            lock (counter)
            {
                if (counter.Requests == 0)
                {
                    counter.Removed = true;
                    _counters.TryRemove(new KeyValuePair<string, Counter>(userId, counter));
                }
            }
        }
    }

    // No moment is known at which a running request ends: a second is the hint, as for any short wait.
    private GatewayFailure Refused(string detail) =>
        new(GatewayError.RateLimited, detail) { RetryAt = time.GetUtcNow().AddSeconds(1) };

    internal sealed class Counter
    {
        public int Requests;
        public int Streams;
        public bool Removed;
    }

    /// <summary>A held slot; disposing it gives the slot back.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly Counter? _counter;
        private readonly bool _stream;

        internal Lease(Counter counter, bool stream) => (_counter, _stream) = (counter, stream);

        public void Dispose()
        {
            if (_counter is not null)
            {
                Release(_counter, _stream);
            }
        }
    }
}

/// <summary>
/// Holds a request slot for every authenticated action while it runs — a stream's whole life, since the action
/// writes it (the chat action takes its stream slot itself) — and answers 429 with Retry-After (OpenAI's error shape under /v1) when the user's cap is full.
/// </summary>
internal sealed class UserConcurrencyFilter(UserConcurrencyLimiter limiter) : IAsyncActionFilter, IOrderedFilter
{
    // Right after ClientClosedFilter.
    public int Order => int.MinValue + 1;

    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true || context.Result is not null)
        {
            return next();
        }

        if (limiter.TryAcquire(user.ToCaller().UserId, out var lease) is { } refused)
        {
            context.Result = refused.ToActionResult();
            return Task.CompletedTask;
        }

        return RunAsync(next, lease);

        static async Task RunAsync(ActionExecutionDelegate next, UserConcurrencyLimiter.Lease lease)
        {
            using (lease)
            {
                await next();
            }
        }
    }
}
