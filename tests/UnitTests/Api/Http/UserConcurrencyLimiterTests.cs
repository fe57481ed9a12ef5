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
        Assert.Null(limiter.TryAcquire("alice", out var first));
        Assert.Null(limiter.TryAcquire("alice", out var second));

        var refused = limiter.TryAcquire("alice", out _);
        var otherUser = limiter.TryAcquire("bob", out var bob);

        Assert.Equal(GatewayError.RateLimited, refused?.Code);
        Assert.NotNull(refused!.RetryAt);
        Assert.Null(otherUser);
        first.Dispose();
        second.Dispose();
        bob.Dispose();
    }

    [Fact]
    public void TryAcquireStream_OneMoreStreamThanTheStreamCap_RefusedWhilePlainRequestsStillRun()
    {
        var limiter = Limiter(maxRequests: 10, maxStreams: 1);
        Assert.Null(limiter.TryAcquire("alice", out var streamRequest));
        Assert.Null(limiter.TryAcquireStream("alice", out var stream));

        Assert.Null(limiter.TryAcquire("alice", out var secondStreamRequest));
        var secondStream = limiter.TryAcquireStream("alice", out _);
        secondStreamRequest.Dispose();
        var plain = limiter.TryAcquire("alice", out var request);

        Assert.Equal(GatewayError.RateLimited, secondStream?.Code);
        Assert.Null(plain);
        Assert.Equal(2, limiter.Running("alice"));
        stream.Dispose();
        streamRequest.Dispose();
        request.Dispose();
        Assert.Null(limiter.TryAcquireStream("alice", out var again));
        again.Dispose();
    }

    [Fact]
    public void Dispose_OfEveryLease_GivesEverySlotBack()
    {
        var limiter = Limiter(maxRequests: 1, maxStreams: 1);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Null(limiter.TryAcquire($"user-{i % 7}", out var lease));
            if (i % 2 == 0)
            {
                Assert.Null(limiter.TryAcquireStream($"user-{i % 7}", out var streamLease));
                streamLease.Dispose();
            }

            lease.Dispose();
        }

        Assert.Null(limiter.TryAcquire("user-3", out var last));
        Assert.Null(limiter.TryAcquireStream("user-3", out var lastStream));
        Assert.Equal(1, limiter.Running("user-3"));
        lastStream.Dispose();
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
                if (limiter.TryAcquire("alice", out var lease) is null)
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
