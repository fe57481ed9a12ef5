using System.Collections;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using LlmGateway.Api.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// The upstream gateway (fake OpenAI primary, local fallback, RATE_LIMIT=3) with tracing on: the gateway's own
/// instrumentation, exported to the OpenTelemetry in-memory exporter instead of OTLP. Its tests count spans and
/// measurements, so a provider attempt gets 10 s instead of 1 s: a slow moment on a busy machine must not add a retry.
/// </summary>
public sealed class TelemetryGatewayApiFactory() : UpstreamGatewayApiFactory(new Dictionary<string, string?>
{
    ["RATE_LIMIT"] = "3",
    ["PROVIDER_TIMEOUT_SECONDS"] = "10",
    ["PROVIDER_STREAM_IDLE_SECONDS"] = "10",
})
{
    /// <summary>Every span the process exported while this gateway ran — other tests' too: filter by trace id.</summary>
    public SpanCollection Spans { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices((context, services) => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddGatewayInstrumentation(context.Configuration).AddInMemoryExporter(Spans)));
    }

    /// <summary>A request in a trace of its own (W3C traceparent), so its spans can be told from every other test's.</summary>
    public static HttpRequestMessage Traced(HttpMethod method, string path, string? json, out ActivityContext caller)
    {
        caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{caller.TraceId.ToHexString()}-{caller.SpanId.ToHexString()}-01");
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }
}

/// <summary>The in-memory exporter's target, safe to read while the exporter appends from other threads.</summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>
    /// The spans of one request, once its server span has ended — after the gateway's middleware has finished, so
    /// its metrics are recorded too. The client is untrusted, so the request span starts a trace of its own and only
    /// links to <paramref name="caller"/>; the request is found by that link.
    /// </summary>
    /// <param name="caller">The span context the request was sent under.</param>
    public async Task<TraceView> TraceAsync(ActivityContext caller)
    {
        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (true)
        {
            if (ServerLinkedTo(caller) is { } server)
            {
                return new TraceView(Snapshot(server.TraceId), server);
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"No server span linked to {caller.TraceId} was exported; {Count} spans seen");
            }

            await Task.Delay(20);
        }
    }

    private Activity? ServerLinkedTo(ActivityContext caller)
    {
        lock (_items)
        {
            return _items.Find(s => s.Kind == ActivityKind.Server
                && s.Links.Any(l => l.Context.TraceId == caller.TraceId && l.Context.SpanId == caller.SpanId));
        }
    }

    public void Add(Activity item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_items)
        {
            return _items.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private List<Activity> Snapshot(ActivityTraceId traceId)
    {
        lock (_items)
        {
            return _items.Where(s => s.TraceId == traceId).ToList();
        }
    }
}

/// <summary>One request's spans, with the lookups the tests need.</summary>
/// <param name="server">The gateway's request span (the fake upstream's server spans share the trace).</param>
public sealed class TraceView(List<Activity> spans, Activity server)
{
    public IReadOnlyList<Activity> Spans => spans;

    public Activity Server => server;

    public Activity Span(string name) => Assert.Single(spans, s => s.DisplayName == name);

    public IReadOnlyList<Activity> Named(string name) => [.. spans.Where(s => s.DisplayName == name).OrderBy(s => s.StartTimeUtc)];

    public IReadOnlyList<Activity> ChildrenOf(Activity parent) => [.. spans.Where(s => s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartTimeUtc)];

    public IReadOnlyList<string> Names => [.. spans.Select(s => s.DisplayName)];

    /// <summary>Every attribute value of every span, as text, for the "nothing sensitive" checks.</summary>
    public IEnumerable<string> AttributeValues => spans.SelectMany(s => s.TagObjects).Select(t => t.Value switch
    {
        string[] values => string.Join(",", values),
        null => string.Empty,
        var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    });
}

/// <summary>
/// Measurements of one gateway host's instruments (those its own IMeterFactory created), from the moment this
/// capture starts: other hosts in the process use the same meter name. The gateway's meter unless another is named
/// (ASP.NET Core's, for instance).
/// </summary>
public sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = [];

    public MetricCapture(IServiceProvider services, string meterName = Application.Common.GatewayTelemetry.MeterName)
    {
        var scope = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Measurements of <paramref name="instrument"/> whose labels include every given one.</summary>
    public IReadOnlyList<double> Values(string instrument, params (string Key, string Value)[] labels)
    {
        lock (_measurements)
        {
            return [.. _measurements
                .Where(m => m.Instrument == instrument && labels.All(l => m.Tags.TryGetValue(l.Key, out var v) && v == l.Value))
                .Select(m => m.Value)];
        }
    }

    public double Sum(string instrument, params (string Key, string Value)[] labels) => Values(instrument, labels).Sum();

    /// <summary>The labels of every measurement of <paramref name="instrument"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> Tags(string instrument)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument).Select(m => m.Tags)];
        }
    }

    /// <summary>Every label value seen, for the "nothing sensitive" checks.</summary>
    public IReadOnlyList<string> LabelValues
    {
        get
        {
            lock (_measurements)
            {
                return [.. _measurements.SelectMany(m => m.Tags.Values).Select(v => v ?? string.Empty)];
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture);
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, copy));
        }
    }
}
