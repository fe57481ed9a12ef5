using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LlmGateway.Application.Common;

/// <summary>
/// The gateway's instruments on the meter <see cref="GatewayTelemetry.MeterName"/>, created through the host's
/// <see cref="IMeterFactory"/> (so each host — and each test server — has its own). Labels are bounded sets:
/// route templates, methods, status codes, error codes, stage and reason names, provider names and configured
/// models. Never a user id, a prompt or an answer.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>The OpenTelemetry GenAI conventions' explicit boundaries for <c>gen_ai.client.operation.duration</c> (seconds).</summary>
    public static readonly IReadOnlyList<double> OperationDurationBuckets =
        [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>The OpenTelemetry GenAI conventions' explicit boundaries for <c>gen_ai.client.token.usage</c>.</summary>
    public static readonly IReadOnlyList<long> TokenUsageBuckets =
        [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>Guardrail stages take microseconds (built-in) to the plugin budget (plugins), in seconds.</summary>
    public static readonly IReadOnlyList<double> GuardrailDurationBuckets =
        [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private static readonly string[] StageNames = ["inspect", "prompt_guard", "policy", "output_filter", "output_guard"];

    private static readonly string[] BlockReasonNames =
        [string.Empty, "prompt_injection", "prompt_plugin", "model_not_allowed", "blocked_term", "output_redaction", "output_plugin"];

    // Boxed once: a status code label costs no allocation per request.
    private static readonly object[] StatusCodes = CreateStatusCodes();

    private readonly Counter<long> _requests;
    private readonly Counter<long> _blocks;
    private readonly Counter<long> _monitoredBlocks;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _rateLimitFailedOpen;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _fallbacks;
    private readonly Histogram<double> _guardrailDuration;
    private readonly Histogram<double> _operationDuration;
    private readonly Histogram<long> _tokenUsage;
    private readonly Counter<long> _spendRequests;
    private readonly Counter<long> _spendTokens;
    private readonly Counter<double> _spendCost;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        _requests = meter.CreateCounter<long>("gateway.requests", "{request}", "Requests by route, method, status code and outcome (ok or the error code).");
        _blocks = meter.CreateCounter<long>("gateway.blocks", "{request}", "Requests refused by a guardrail, by reason.");
        _monitoredBlocks = meter.CreateCounter<long>("gateway.monitored_blocks", "{request}", "Requests a guardrail would have refused had the policy enforced (monitor mode), by reason.");
        _rateLimited = meter.CreateCounter<long>("gateway.rate_limited", "{request}", "Requests refused by the rate limit.");
        _rateLimitFailedOpen = meter.CreateCounter<long>("gateway.rate_limit.failed_open", "{request}", "Requests let through unchecked because the rate-limit store was unavailable.");
        _cacheLookups = meter.CreateCounter<long>("gateway.cache.lookups", "{lookup}", "Response-cache lookups, by result (hit or miss).");
        _fallbacks = meter.CreateCounter<long>("gateway.provider.fallbacks", "{fallback}", "Times the provider chain moved on, by the provider that failed and why.");
        _guardrailDuration = Histogram(meter, "gateway.guardrail.duration", "s", "Time spent in each guardrail stage of a request.", GuardrailDurationBuckets);
        _operationDuration = Histogram(
            meter, "gen_ai.client.operation.duration", "s", "GenAI operation duration: one provider attempt, until the last chunk of a stream.", OperationDurationBuckets);
        _tokenUsage = Histogram(meter, "gen_ai.client.token.usage", "{token}", "Input and output tokens reported by the provider, per attempt.", TokenUsageBuckets);
        _spendRequests = meter.CreateCounter<long>("gateway.spend.requests", "{request}", "Requests a provider answered, by team and model (and key id when configured).");
        _spendTokens = meter.CreateCounter<long>("gateway.spend.tokens", "{token}", "Tokens used, by team, model and type (input or output).");
        _spendCost = meter.CreateCounter<double>("gateway.spend.cost", "USD", "What the tokens used cost at the configured prices, by team and model.");
    }

    private static Histogram<T> Histogram<T>(Meter meter, string name, string unit, string description, IReadOnlyList<T> buckets)
        where T : struct =>
        meter.CreateHistogram(name, unit, description, tags: null, advice: new InstrumentAdvice<T> { HistogramBucketBoundaries = buckets });

    /// <summary>One finished request and what its pipeline decided.</summary>
    /// <param name="route">The route template, or null when no endpoint matched.</param>
    /// <param name="outcome"><c>ok</c> or the gateway error code of the answer.</param>
    /// <param name="decisions">What the pipeline decided, or null when the request never reached it.</param>
    public void RecordRequest(string? route, string method, int statusCode, string outcome, PipelineDecisions? decisions)
    {
        if (_requests.Enabled)
        {
            var tags = new TagList
            {
                { "http.route", route ?? "(none)" },
                { "http.request.method", NormalizeMethod(method) },
                { "http.response.status_code", statusCode is >= 100 and < 600 ? StatusCodes[statusCode - 100] : StatusCodes[0] },
                { "gateway.outcome", outcome },
            };
            _requests.Add(1, tags);
        }

        if (decisions is not { } decided)
        {
            return;
        }

        if (decided.RateLimit is { } rate)
        {
            if (!rate.Allowed)
            {
                _rateLimited.Add(1);
            }
            else if (rate.FailedOpen)
            {
                _rateLimitFailedOpen.Add(1);
            }
        }

        if (decided.Cache != CacheStatus.Bypass)
        {
            _cacheLookups.Add(1, new KeyValuePair<string, object?>("gateway.cache.result", decided.Cache == CacheStatus.Hit ? "hit" : "miss"));
        }

        if (decided.Block != BlockReason.None)
        {
            _blocks.Add(1, new KeyValuePair<string, object?>("gateway.block.reason", BlockReasonNames[(int)decided.Block]));
        }

        if (decided.WouldBlock != BlockReason.None)
        {
            _monitoredBlocks.Add(1, new KeyValuePair<string, object?>("gateway.block.reason", BlockReasonNames[(int)decided.WouldBlock]));
        }
    }

    /// <summary>Time one request spent in a guardrail stage (a streamed answer's filter: its whole stream, added up).</summary>
    public void RecordStage(GuardrailStage stage, TimeSpan elapsed)
    {
        if (_guardrailDuration.Enabled)
        {
            _guardrailDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("gateway.stage", StageNames[(int)stage]));
        }
    }

    /// <summary>One provider attempt (<c>gen_ai.client.operation.duration</c>).</summary>
    /// <param name="model">A configured model name, or <c>_OTHER</c>: never a free-form name a caller chose.</param>
    /// <param name="errorType">Null when the attempt answered.</param>
    public void RecordProviderAttempt(string provider, string model, TimeSpan duration, string? errorType)
    {
        if (!_operationDuration.Enabled)
        {
            return;
        }

        var tags = GenAiTags(provider, model);
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _operationDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Tokens a provider reported for one attempt (<c>gen_ai.client.token.usage</c>); estimates are not recorded.</summary>
    public void RecordTokenUsage(string provider, string model, long inputTokens, long outputTokens)
    {
        if (!_tokenUsage.Enabled)
        {
            return;
        }

        var tags = GenAiTags(provider, model);
        tags.Add("gen_ai.token.type", "input");
        _tokenUsage.Record(inputTokens, tags);
        tags[3] = new KeyValuePair<string, object?>("gen_ai.token.type", "output");
        _tokenUsage.Record(outputTokens, tags);
    }

    /// <summary>One settled request's spend.</summary>
    /// <param name="team">A team id (teams are created by admins: a bounded set).</param>
    /// <param name="model">A model of the price table, or <c>_OTHER</c>: never a free-form name a caller chose.</param>
    /// <param name="keyId">Only when <c>METRICS_KEY_ID_LABEL</c> is set; null otherwise.</param>
    public void RecordSpend(string team, string model, string? keyId, SpendUse use)
    {
        if (!_spendRequests.Enabled && !_spendTokens.Enabled && !_spendCost.Enabled)
        {
            return;
        }

        var tags = new TagList { { "team", team }, { "model", model } };
        if (keyId is not null)
        {
            tags.Add("key_id", keyId);
        }

        _spendRequests.Add(1, tags);
        _spendCost.Add((double)ModelPrice.ToUsd(use.CostNanos), tags);
        tags.Add("gen_ai.token.type", "input");
        _spendTokens.Add(use.InputTokens, tags);
        tags[tags.Count - 1] = new KeyValuePair<string, object?>("gen_ai.token.type", "output");
        _spendTokens.Add(use.OutputTokens, tags);
    }

    /// <summary>Input tokens a provider reported for an embeddings call (<c>gen_ai.client.token.usage</c>, operation <c>embeddings</c>).</summary>
    public void RecordEmbeddingUsage(string provider, string model, long inputTokens)
    {
        if (_tokenUsage.Enabled)
        {
            var tags = GenAiTags(provider, model, GatewayTelemetry.EmbeddingsOperation);
            tags.Add("gen_ai.token.type", "input");
            _tokenUsage.Record(inputTokens, tags);
        }
    }

    /// <summary>The OpenTelemetry GenAI attributes every provider-side instrument carries.</summary>
    private static TagList GenAiTags(string provider, string model, string operation = GatewayTelemetry.ChatOperation) => new()
    {
        { "gen_ai.operation.name", operation },
        { "gen_ai.provider.name", provider },
        { "gen_ai.request.model", model },
    };

    /// <summary>The chain moved on from <paramref name="provider"/>.</summary>
    public void RecordFallback(string provider, string errorType) =>
        _fallbacks.Add(1, new KeyValuePair<string, object?>("gen_ai.provider.name", provider), new KeyValuePair<string, object?>("error.type", errorType));

    private static string NormalizeMethod(string method) => method switch
    {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "_OTHER",
    };

    private static object[] CreateStatusCodes()
    {
        var codes = new object[500];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = i + 100;
        }

        return codes;
    }
}
