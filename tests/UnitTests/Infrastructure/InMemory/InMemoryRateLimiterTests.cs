using LlmGateway.Application.Common;
using LlmGateway.Infrastructure.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace LlmGateway.UnitTests.Infrastructure.InMemory;

public class InMemoryRateLimiterTests
{
    private const int Limit = 3;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    // A window opens with a user's first request, as in the Redis adapter.
    private static readonly DateTimeOffset WindowStart = new(2030, 1, 1, 12, 0, 10, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(WindowStart);
    private readonly InMemoryRateLimiter _limiter;

    public InMemoryRateLimiterTests() => _limiter = new InMemoryRateLimiter(_time);

    [Fact]
    public async Task TryAcquire_UpToTheLimit_AllowedWithRemainingCountingDown()
    {
        var decisions = await AcquireAsync("alice", Limit + 1);

        Assert.Equal([true, true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal([2, 1, 0, 0], decisions.Select(d => d.Remaining));
        Assert.All(decisions, d => Assert.Equal(Limit, d.Limit));
    }

    [Fact]
    public async Task TryAcquire_Always_ResetAtIsTheEndOfTheWindowOpenedByTheFirstRequest()
    {
        var first = (await AcquireAsync("alice", 1))[0];
        _time.Advance(TimeSpan.FromSeconds(20));
        var later = (await AcquireAsync("alice", 1))[0];

        Assert.Equal(WindowStart + Window, first.ResetAt);
        Assert.Equal(WindowStart + Window, later.ResetAt);
    }

    [Fact]
    public async Task TryAcquire_WindowLengthChanged_StartsAFreshCount()
    {
        await AcquireAsync("alice", Limit + 1);

        var decision = await _limiter.TryAcquireAsync("alice", Limit, TimeSpan.FromSeconds(30), default);

        Assert.True(decision.Allowed);
        Assert.Equal(WindowStart + TimeSpan.FromSeconds(30), decision.ResetAt);
    }

    [Fact]
    public async Task TryAcquire_WindowEnded_AllowedAgainWithFullAllowance()
    {
        await AcquireAsync("alice", Limit + 1);

        _time.Advance(Window);
        var decision = (await AcquireAsync("alice", 1))[0];

        Assert.True(decision.Allowed);
        Assert.Equal(Limit - 1, decision.Remaining);
        Assert.Equal(WindowStart + Window + Window, decision.ResetAt);
    }

    [Fact]
    public async Task TryAcquire_JustBeforeWindowEnds_StillRejected()
    {
        await AcquireAsync("alice", Limit);

        _time.Advance(Window - TimeSpan.FromMilliseconds(1));
        var decision = (await AcquireAsync("alice", 1))[0];

        Assert.False(decision.Allowed);
    }

    [Fact]
    public async Task TryAcquire_OtherUserAtLimit_DoesNotAffectThisUser()
    {
        await AcquireAsync("alice", Limit + 1);

        var decision = (await AcquireAsync("bob", 1))[0];

        Assert.True(decision.Allowed);
        Assert.Equal(Limit - 1, decision.Remaining);
    }

    private async Task<List<RateLimitDecision>> AcquireAsync(string userId, int times)
    {
        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < times; i++)
        {
            decisions.Add(await _limiter.TryAcquireAsync(userId, Limit, Window, default));
        }

        return decisions;
    }
}
