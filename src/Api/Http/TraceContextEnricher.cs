using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;

namespace LlmGateway.Api.Http;

/// <summary>
/// Puts the current trace and span ids on every log event as <c>trace_id</c> and <c>span_id</c>, so a log line
/// leads to its trace (and back). Nothing is added outside a traced operation.
/// </summary>
internal sealed class TraceContextEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (Activity.Current is not { } activity || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        logEvent.AddPropertyIfAbsent(new LogEventProperty("trace_id", new ScalarValue(activity.TraceId.ToHexString())));
        logEvent.AddPropertyIfAbsent(new LogEventProperty("span_id", new ScalarValue(activity.SpanId.ToHexString())));
    }
}
