using Serilog.Core;
using Serilog.Events;

namespace LlmGateway.Api.Http;

/// <summary>
/// Puts who is asking (<c>user_id</c>, once authenticated) and which policy judges the request (<c>policy_version</c>,
/// once the pipeline took it) on every log event written while a request runs. The request id comes from the
/// middleware's scope, the trace ids from <see cref="TraceContextEnricher"/>.
/// </summary>
internal sealed class RequestLogEnricher(IHttpContextAccessor accessor) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (accessor.HttpContext is not { } http)
        {
            return;
        }

        if (http.User.Identity?.IsAuthenticated == true)
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty("user_id", new ScalarValue(http.User.ToCaller().UserId)));
        }

        if (http.Features.Get<RequestRecord>() is { } record)
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty("policy_version", new ScalarValue(record.PolicyVersion)));
        }
    }
}
