using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// Watches everything the gateways of this test run write — every log line (through <see cref="CapturingLogSink"/>),
/// every span's name and attributes, every metric measurement's labels — for the test data that must never appear
/// there: prompt text (every prompt carries <see cref="GatewayApiFactory.PromptMarker"/>, and the local provider
/// echoes it into answers), the secrets the tests send and the fake upstream answers with, passwords, JWTs and
/// gateway API keys. <c>SensitiveDataTests</c> reads the verdict after every other test has run.
/// </summary>
public static partial class SensitiveDataWatch
{
    private static readonly string[] ForbiddenTexts =
    [
        GatewayApiFactory.PromptMarker,
        FakeOpenAiUpstream.Secret,
        GatewayApiFactory.AdminPassword,
        GatewayApiFactory.JwtSecret,
        UpstreamGatewayApiFactory.UpstreamApiKey,
        FakeOpenAiUpstream.AnswerText,
    ];

    private static readonly ConcurrentQueue<string> Violations = new();
    private static ActivityListener? s_spans;
    private static MeterListener? s_metrics;
    private static long s_logLines;
    private static long s_spanCount;
    private static long s_measurements;

    public static IReadOnlyCollection<string> Found => Violations;

    public static (long LogLines, long Spans, long Measurements) Seen =>
        (Interlocked.Read(ref s_logLines), Interlocked.Read(ref s_spanCount), Interlocked.Read(ref s_measurements));

    public static void CheckLogLine(string line)
    {
        Interlocked.Increment(ref s_logLines);
        Check("log line", line);
    }

    [ModuleInitializer]
    internal static void Start()
    {
        s_spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "LlmGateway" or "Microsoft.AspNetCore" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                Interlocked.Increment(ref s_spanCount);
                Check("span name", activity.DisplayName);
                foreach (var (key, value) in activity.TagObjects)
                {
                    Check($"span attribute {key}", value?.ToString());
                }
            },
        };
        ActivitySource.AddActivityListener(s_spans);

        s_metrics = new MeterListener
        {
            InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument),
        };
        s_metrics.SetMeasurementEventCallback<long>(OnMeasurement);
        s_metrics.SetMeasurementEventCallback<int>(OnMeasurement);
        s_metrics.SetMeasurementEventCallback<double>(OnMeasurement);
        s_metrics.Start();
    }

    private static void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        Interlocked.Increment(ref s_measurements);
        foreach (var (key, tag) in tags)
        {
            Check($"metric {instrument.Name} label {key}", tag?.ToString());
        }
    }

    private static void Check(string where, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var forbidden in ForbiddenTexts)
        {
            if (text.Contains(forbidden, StringComparison.Ordinal))
            {
                Violations.Enqueue($"{where} contains '{forbidden}': {Shorten(text)}");
            }
        }

        if (JwtShape().IsMatch(text) || GatewayKeyShape().IsMatch(text))
        {
            Violations.Enqueue($"{where} contains a token or key: {Shorten(text)}");
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.")]
    private static partial Regex JwtShape();

    [GeneratedRegex(@"gk_[0-9a-f]{16}_[A-Za-z0-9]{20,}")]
    private static partial Regex GatewayKeyShape();
}
