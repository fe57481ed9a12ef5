using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace LlmGateway.Api.Telemetry;

/// <summary>
/// The JSON log on stdout, written by Serilog's batching worker: a request only queues its event, and the worker
/// formats a batch and writes it with one flush. Serilog's console sink formats on the request's thread and flushes
/// stdout once per event — one write(2) per request line, about 5% of a cache miss's CPU under load
/// (docs/performance.md, "The request log and the SDK pipeline"). Events queued when the host stops are written as the
/// logger is disposed.
/// </summary>
internal sealed class BatchedConsoleSink(ITextFormatter formatter, Stream output) : IBatchedLogEventSink, IDisposable
{
    /// <summary>How long an event may wait for its batch: short enough that a line follows its request at once to an eye.</summary>
    public static readonly TimeSpan BufferingTimeLimit = TimeSpan.FromMilliseconds(50);

    // stdout stays open when the logger is disposed: other writers (a start-up error on the way out) may still need it.
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        foreach (var logEvent in batch)
        {
            formatter.Format(logEvent, _writer);
        }

        await _writer.FlushAsync();
    }

    public void Dispose() => _writer.Dispose();
}
