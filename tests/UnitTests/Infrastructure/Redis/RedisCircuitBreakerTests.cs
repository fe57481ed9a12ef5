using LlmGateway.Infrastructure.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LlmGateway.UnitTests.Infrastructure.Redis;

/// <summary>The breaker that lets the gateway fail open while Redis is unusable, and must let it back on Redis afterwards.</summary>
public sealed class RedisCircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RedisCircuitBreaker _breaker;

    public RedisCircuitBreakerTests() => _breaker = new RedisCircuitBreaker(_time, NullLogger.Instance);

    [Fact]
    public void Two_failures_open_it_and_after_the_break_exactly_one_call_probes()
    {
        Trip();
        Assert.False(_breaker.TryEnter());

        _time.Advance(RedisCircuitBreaker.BreakDuration);

        Assert.True(_breaker.TryEnter());
        Assert.False(_breaker.TryEnter());
        Assert.False(_breaker.IsClosed);
    }

    [Fact]
    public void A_successful_probe_closes_it_and_a_failed_one_opens_it_for_another_break()
    {
        Trip();
        _time.Advance(RedisCircuitBreaker.BreakDuration);
        Assert.True(_breaker.TryEnter());
        _breaker.RecordFailure(new TimeoutException());
        _time.Advance(RedisCircuitBreaker.BreakDuration / 2);
        Assert.False(_breaker.TryEnter());

        _time.Advance(RedisCircuitBreaker.BreakDuration / 2);
        Assert.True(_breaker.TryEnter());
        _breaker.RecordSuccess();

        Assert.True(_breaker.IsClosed);
        Assert.True(_breaker.TryEnter());
    }

    [Fact]
    public void A_probe_that_never_reports_does_not_keep_Redis_off_for_good()
    {
        // The probe's caller never learned the outcome (e.g. a call nobody waited for): without a second chance every
        // later call would be refused until the process restarts.
        Trip();
        _time.Advance(RedisCircuitBreaker.BreakDuration);
        Assert.True(_breaker.TryEnter());
        _time.Advance(RedisCircuitBreaker.BreakDuration - TimeSpan.FromMilliseconds(1));
        Assert.False(_breaker.TryEnter());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_breaker.TryEnter());
        _breaker.RecordSuccess();

        Assert.True(_breaker.IsClosed);
    }

    private void Trip()
    {
        Assert.True(_breaker.TryEnter());
        _breaker.RecordFailure(new TimeoutException());
        _breaker.RecordFailure(new TimeoutException());
        Assert.False(_breaker.IsClosed);
    }
}
