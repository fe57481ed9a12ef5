using System.Diagnostics;
using LlmGateway.Api.Http;

namespace LlmGateway.Api.Telemetry;

/// <summary>
/// Decides whose trace the request span continues. ASP.NET Core asks this propagator (from DI) for the caller's
/// <c>traceparent</c>, <c>tracestate</c> and <c>baggage</c> before any middleware runs; only a caller on a trusted
/// network (TRUSTED_NETWORKS) has them honoured. Anyone else's request starts a trace of the gateway's own, so a
/// client can neither attach the gateway's spans — and the provider call under them — to a trace of its choosing
/// nor send baggage through; its context is kept as a link on the request span (<see cref="LinkTo"/>).
/// </summary>
internal sealed class ClientTraceContext(IHttpContextAccessor accessor, TrustedNetworks trusted) : DistributedContextPropagator
{
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    // What the host would have used: W3C trace context and baggage.
    private readonly DistributedContextPropagator _standard = Current;

    public override IReadOnlyCollection<string> Fields => _standard.Fields;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter) =>
        _standard.Inject(activity, carrier, setter);

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        if (IsTrusted())
        {
            _standard.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);
            return;
        }

        traceId = null;
        traceState = null;
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        IsTrusted() ? _standard.ExtractBaggage(carrier, getter) : null;

    /// <summary>
    /// On a request span that started a trace of its own, a link to the context the client sent, so its trace still
    /// leads here. Called only for recorded spans.
    /// </summary>
    public static void LinkTo(Activity span, HttpRequest request)
    {
        if (span.ParentSpanId != default || request.Headers[TraceParentHeader] is not [{ } traceParent])
        {
            return;
        }

        if (ActivityContext.TryParse(traceParent, traceState: null, isRemote: true, out var client))
        {
            span.AddLink(new ActivityLink(client));
        }
    }

    // The HTTP context is already set when the host creates the request span (DefaultHttpContextFactory sets the accessor first).
    private bool IsTrusted() => !trusted.IsEmpty && trusted.Contains(accessor.HttpContext?.Connection.RemoteIpAddress);
}
