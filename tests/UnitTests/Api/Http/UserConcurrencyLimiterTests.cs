using LlmGateway.Api;
using LlmGateway.Api.Http;
using LlmGateway.Domain;
using Microsoft.Extensions.Options;

namespace LlmGateway.UnitTests.Api.Http;

public sealed class UserConcurrencyLimiterTests
{
    [Fact]
    public void TryAcquire_OneMoreThanTheRequestCap_RefusedAsRateLimitedWithARetryHint()
    {
        var limiter = Limiter(maxRequests: 2, maxStreams: 2);
        Assert.Null(limiter.TryAcquire("alice", stream: false, out var first));
        Assert.Null(limiter.TryAcquire("alice", stream: false, out var second));

        var refused = limiter.TryAcquire("alice", stream: false, out _);
        var otherUser = limiter.TryAcquire("bob", stream: false, out var bob);

        Assert.Equal(GatewayError.RateLimited, refused?.Code);
        Assert.NotNull(refused!.RetryAt);
        Assert.Null(otherUser);
        first.Dispose();
        second.Dispose();
        bob.Dispose();
    }

    [Fact]
    public void TryAcquire_OneMoreStreamThanTheStreamCap_RefusedWhilePlainRequestsStillRun()
    {
        var limiter = Limiter(maxRequests: 10, maxStreams: 1);
        Assert.Null(limiter.TryAcquire("alice", stream: true, out var stream));

        var secondStream = limiter.TryAcquire("alice", stream: true, out _);
        var plain = limiter.TryAcquire("alice", stream: false, out var request);

        Assert.Equal(GatewayError.RateLimited, secondStream?.Code);
        Assert.Null(plain);
        Assert.Equal(2, limiter.Running("alice"));
        stream.Dispose();
        request.Dispose();
    }

    [Fact]
    public void Dispose_OfEveryLease_GivesEverySlotBack()
    {
        var limiter = Limiter(maxRequests: 1, maxStreams: 1);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Null(limiter.TryAcquire($"user-{i % 7}", stream: i % 2 == 0, out var lease));
            lease.Dispose();
        }

        Assert.Null(limiter.TryAcquire("user-3", stream: true, out var last));
        Assert.Equal(1, limiter.Running("user-3"));
        last.Dispose();
        Assert.Equal(0, limiter.Running("user-3"));
    }

    [Fact]
    public async Task TryAcquire_ManyThreadsAtOnce_NeverMoreThanTheCapRun()
    {
        var limiter = Limiter(maxRequests: 3, maxStreams: 3);
        var running = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                if (limiter.TryAcquire("alice", stream: false, out var lease) is null)
                {
                    var now = Interlocked.Increment(ref running);
                    InterlockedMax(ref most, now);
                    Interlocked.Decrement(ref running);
                    lease.Dispose();
                }
            }
        })));

        Assert.InRange(most, 1, 3);
        Assert.Equal(0, limiter.Running("alice"));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static UserConcurrencyLimiter Limiter(int maxRequests, int maxStreams) =>
        new(Options.Create(new ApiOptions { MaxConcurrentRequestsPerUser = maxRequests, MaxConcurrentStreamsPerUser = maxStreams }), TimeProvider.System);
}
