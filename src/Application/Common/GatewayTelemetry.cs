using System.Diagnostics;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.Application.Common;

/// <summary>
/// The gateway's one <see cref="ActivitySource"/> and the names of its spans (docs/observability.md); an OpenTelemetry tracer
/// subscribes to <see cref="SourceName"/>, a meter provider to <see cref="MeterName"/> (see <see cref="GatewayMetrics"/>).
/// A span exists only while a listener samples it: <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null otherwise, and every attribute is set behind that null check, so with tracing off a stage costs
/// one listener check and no allocation. Attributes carry decisions, counts, ids and versions — never a prompt,
/// an answer, a secret or a token.
/// </summary>
public static class GatewayTelemetry
{
    public const string SourceName = "LlmGateway";
    public const string MeterName = "LlmGateway";

    public const string AuthorizeSpan = "gateway.authorize";
    public const string RateLimitSpan = "gateway.rate_limit";
    public const string ValidateSpan = "gateway.validate";
    public const string InspectSpan = "gateway.inspect";
    public const string PolicySpan = "gateway.policy";
    public const string CacheSpan = "gateway.cache";
    public const string OutputFilterSpan = "gateway.output_filter";
    public const string FallbackSpan = "gateway.fallback";

    /// <summary>A provider attempt: a CLIENT span named <c>chat {model}</c> (OpenTelemetry GenAI conventions).</summary>
    public const string ChatOperation = "chat";

    /// <summary>The GenAI operation name of an embeddings call.</summary>
    public const string EmbeddingsOperation = "embeddings";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>A span for one pipeline stage, child of the current one; null when nobody listens.</summary>
    public static Activity? StartStage(string name) => Source.StartActivity(name, ActivityKind.Internal);

    /// <summary>
    /// A span that outlives the code that starts it (a streamed answer's filter): started as a child of the current
    /// span but not left as the current one, so the spans that follow are not parented to it.
    /// </summary>
    public static Activity? StartDetached(string name)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null)
        {
            Activity.Current = activity.Parent;
        }

        return activity;
    }

    /// <summary>
    /// Ends a span started elsewhere (a stream's, ended when the stream ends) without changing the current span of
    /// the code that ends it — <see cref="Activity.Stop"/> would otherwise restore the span that was current at its start.
    /// </summary>
    public static void StopDetached(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var current = Activity.Current;
        activity.Dispose();
        if (current is null || !current.IsStopped)
        {
            Activity.Current = current;
        }
    }

    /// <summary>Number and types of redactions on the output-filter span; never the redacted text.</summary>
    public static void SetRedactions(Activity activity, IReadOnlyList<Redaction> redactions)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(redactions);
        var count = 0;
        var types = new string[redactions.Count];
        for (var i = 0; i < types.Length; i++)
        {
            count += redactions[i].Count;
            types[i] = redactions[i].Type;
        }

        activity.SetTag("gateway.output_filter.redaction_count", count);
        activity.SetTag("gateway.output_filter.redaction_types", types);
    }
}
