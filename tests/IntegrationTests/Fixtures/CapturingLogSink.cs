using System.Globalization;
using System.Text.Json;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// Receives every Serilog event of the app and renders it exactly as the app's stdout does (one compact JSON
/// object per line), so tests can assert on what an operator would see.
/// </summary>
public sealed class CapturingLogSink : ILogEventSink
{
    private readonly RenderedCompactJsonFormatter _formatter = new();
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        _formatter.Format(logEvent, writer);
        SensitiveDataWatch.CheckLogLine(writer.ToString());
        TaskCompletionSource changed;
        lock (_gate)
        {
            _lines.Add(writer.ToString().TrimEnd('\r', '\n'));
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    /// <summary>Everything captured so far, one JSON event a line.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public IReadOnlyList<JsonElement> Events()
    {
        string[] lines;
        lock (_gate)
        {
            lines = [.. _lines];
        }

        var events = new List<JsonElement>(lines.Length);
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            events.Add(document.RootElement.Clone());
        }

        return events;
    }

    /// <summary>
    /// The first event matching <paramref name="predicate"/>, waiting for it if it has not been written yet: the
    /// "request completed" event is logged just after the response is handed to the client.
    /// </summary>
    public async Task<JsonElement> WaitForEventAsync(Func<JsonElement, bool> predicate, string description)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            foreach (var logEvent in Events())
            {
                if (predicate(logEvent))
                {
                    return logEvent;
                }
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No log event {description} was written. Captured log:\n{Text}");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
