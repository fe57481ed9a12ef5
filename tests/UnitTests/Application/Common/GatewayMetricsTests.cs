using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Application.Common;

public sealed class GatewayMetricsTests : IDisposable
{
    private readonly MetricCapture _capture = new();

    public void Dispose() => _capture.Dispose();

    [Fact]
    public void RecordRequest_Blocked_CountsTheRequestWithItsCodeAndTheBlockWithItsReason()
    {
        var context = new RequestContext("req-1") { Block = BlockReason.PromptInjection, CacheStatus = CacheStatus.Miss };
        context.AddStageTime(GuardrailStage.Inspect, TimeSpan.FromMilliseconds(2));

        _capture.Metrics.RecordRequest("/generate", "POST", 400, "prompt_blocked", context);

        var request = Assert.Single(_capture.Of("gateway.requests"));
        Assert.Equal(
            ("/generate", "POST", "400", "prompt_blocked"),
            (request.Tag("http.route"), request.Tag("http.request.method"), request.Tag("http.response.status_code"), request.Tag("gateway.outcome")));
        Assert.Equal("prompt_injection", Assert.Single(_capture.Of("gateway.blocks")).Tag("gateway.block.reason"));
        Assert.Equal("miss", Assert.Single(_capture.Of("gateway.cache.lookups")).Tag("gateway.cache.result"));
        var duration = Assert.Single(_capture.Of("gateway.guardrail.duration"));
        Assert.Equal(("inspect", 0.002), (duration.Tag("gateway.stage"), duration.Value));
    }

    [Fact]
    public void RecordRequest_MonitoredWouldBlock_CountedApartFromBlocks()
    {
        var context = new RequestContext("req-3") { CacheStatus = CacheStatus.Miss };
        context.Monitored(BlockReason.BlockedTerm);
        context.Monitored(BlockReason.OutputRedaction);

        _capture.Metrics.RecordRequest("/generate", "POST", 200, "ok", context);

        Assert.Equal("blocked_term", Assert.Single(_capture.Of("gateway.monitored_blocks")).Tag("gateway.block.reason"));
        Assert.Empty(_capture.Of("gateway.blocks"));
    }

    [Fact]
    public void RecordRequest_RateLimited_CountedOnceAndNoCacheLookup()
    {
        var context = new RequestContext("req-2") { RateLimit = new RateLimitDecision(false, 3, 0, DateTimeOffset.UnixEpoch) };

        _capture.Metrics.RecordRequest("/generate", "POST", 429, "rate_limited", context);

        Assert.Single(_capture.Of("gateway.rate_limited"));
        Assert.Empty(_capture.Of("gateway.rate_limit.failed_open"));
        Assert.Empty(_capture.Of("gateway.cache.lookups"));
        Assert.Empty(_capture.Of("gateway.blocks"));
    }

    [Fact]
    public void RecordRequest_FailedOpen_CountedAsSuch()
    {
        var context = new RequestContext("req-3") { RateLimit = new RateLimitDecision(true, 0, 0, DateTimeOffset.UnixEpoch, FailedOpen: true) };

        _capture.Metrics.RecordRequest("/generate", "POST", 200, "ok", context);

        Assert.Single(_capture.Of("gateway.rate_limit.failed_open"));
        Assert.Empty(_capture.Of("gateway.rate_limited"));
    }

    [Fact]
    public void RecordRequest_OddMethodAndNoRoute_LabelsStayBounded()
    {
        _capture.Metrics.RecordRequest(null, "PROPFIND", 404, "not_found", context: null);

        var request = Assert.Single(_capture.Of("gateway.requests"));
        Assert.Equal(("(none)", "_OTHER"), (request.Tag("http.route"), request.Tag("http.request.method")));
    }

    [Fact]
    public void RequestContext_StageTimes_AddUpAndStagesThatDidNotRunAreNull()
    {
        var context = new RequestContext("req-4");

        context.AddStageTime(GuardrailStage.OutputFilter, TimeSpan.FromTicks(3));
        context.AddStageTime(GuardrailStage.OutputFilter, TimeSpan.FromTicks(4));
        context.AddStageTime(GuardrailStage.Policy, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromTicks(7), context.StageTime(GuardrailStage.OutputFilter));
        Assert.Equal(TimeSpan.Zero, context.StageTime(GuardrailStage.Policy));
        Assert.Null(context.StageTime(GuardrailStage.Inspect));
    }
}
