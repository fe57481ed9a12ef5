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
        var decisions = new PipelineDecisions { Block = BlockReason.PromptInjection, Cache = CacheStatus.Miss };
        _capture.Metrics.RecordStage(GuardrailStage.Inspect, TimeSpan.FromMilliseconds(2));

        _capture.Metrics.RecordRequest("/generate", "POST", 400, "prompt_blocked", decisions);

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
        var decisions = new PipelineDecisions { Cache = CacheStatus.Miss, WouldBlock = BlockReason.BlockedTerm };

        _capture.Metrics.RecordRequest("/generate", "POST", 200, "ok", decisions);

        Assert.Equal("blocked_term", Assert.Single(_capture.Of("gateway.monitored_blocks")).Tag("gateway.block.reason"));
        Assert.Empty(_capture.Of("gateway.blocks"));
    }

    [Fact]
    public void RecordRequest_RateLimited_CountedOnceAndNoCacheLookup()
    {
        var decisions = new PipelineDecisions { RateLimit = new RateLimitDecision(false, 3, 0, DateTimeOffset.UnixEpoch) };

        _capture.Metrics.RecordRequest("/generate", "POST", 429, "rate_limited", decisions);

        Assert.Single(_capture.Of("gateway.rate_limited"));
        Assert.Empty(_capture.Of("gateway.rate_limit.failed_open"));
        Assert.Empty(_capture.Of("gateway.cache.lookups"));
        Assert.Empty(_capture.Of("gateway.blocks"));
    }

    [Fact]
    public void RecordRequest_FailedOpen_CountedAsSuch()
    {
        var decisions = new PipelineDecisions { RateLimit = new RateLimitDecision(true, 0, 0, DateTimeOffset.UnixEpoch, FailedOpen: true) };

        _capture.Metrics.RecordRequest("/generate", "POST", 200, "ok", decisions);

        Assert.Single(_capture.Of("gateway.rate_limit.failed_open"));
        Assert.Empty(_capture.Of("gateway.rate_limited"));
    }

    [Fact]
    public void RecordRequest_OddMethodAndNoRoute_LabelsStayBounded()
    {
        _capture.Metrics.RecordRequest(null, "PROPFIND", 404, "not_found", decisions: null);

        var request = Assert.Single(_capture.Of("gateway.requests"));
        Assert.Equal(("(none)", "_OTHER"), (request.Tag("http.route"), request.Tag("http.request.method")));
        Assert.Empty(_capture.Of("gateway.cache.lookups"));
    }

    [Fact]
    public void RecordStage_EachStage_RecordedInSecondsUnderItsNameAndStagesThatDidNotRunAreAbsent()
    {
        _capture.Metrics.RecordStage(GuardrailStage.OutputFilter, TimeSpan.FromMilliseconds(7));
        _capture.Metrics.RecordStage(GuardrailStage.Policy, TimeSpan.Zero);

        var stages = _capture.Of("gateway.guardrail.duration");
        Assert.Equal([("output_filter", 0.007), ("policy", 0.0)], stages.Select(m => (m.Tag("gateway.stage"), m.Value)));
        Assert.DoesNotContain(stages, m => m.Tag("gateway.stage") == "inspect");
    }

    [Fact]
    public void RecordSpend_TeamModelAndCost_CountedWithoutAKeyIdUnlessGiven()
    {
        _capture.Metrics.RecordSpend("red", "gpt-4o-mini", keyId: null, new SpendUse(1000, 500, 450_000));
        _capture.Metrics.RecordSpend("red", "_OTHER", keyId: "0123abcd", new SpendUse(1, 2, 3));

        var cost = _capture.Of("gateway.spend.cost");
        Assert.Equal([("red", "gpt-4o-mini", 0.00045), ("red", "_OTHER", 0.000000003)], cost.Select(m => (m.Tag("team")!, m.Tag("model")!, m.Value)));
        Assert.Null(cost[0].Tag("key_id"));
        Assert.Equal("0123abcd", cost[1].Tag("key_id"));
        var tokens = _capture.Of("gateway.spend.tokens");
        Assert.Equal([("input", 1000.0), ("output", 500.0), ("input", 1.0), ("output", 2.0)], tokens.Select(m => (m.Tag("gen_ai.token.type")!, m.Value)));
        Assert.Equal(2, _capture.Of("gateway.spend.requests").Count);
    }
}
