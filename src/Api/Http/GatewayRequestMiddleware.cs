using System.Diagnostics;
using System.Globalization;
using LlmGateway.Api.Telemetry;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using LlmGateway.Domain.Spend;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LlmGateway.Api.Http;

/// <summary>
/// The outermost layer: gives every request an id (X-Request-Id: the gateway's trace id, or a well-formed one the
/// caller sent from a trusted network),
/// refuses bodies over the cap before reading them, adds the security headers, records the request's metrics
/// and its decisions on the ASP.NET Core request span, and logs one "request completed" event — method, route,
/// status, latency, provider, cache status; never a body.
/// </summary>
internal sealed partial class GatewayRequestMiddleware(
    RequestDelegate next,
    IOptions<ApiOptions> options,
    TrustedNetworks trusted,
    GatewayMetrics metrics,
    ILogger<GatewayRequestMiddleware> logger)
{
    public const string RequestIdHeader = "X-Request-Id";

    private readonly long _maxBodyBytes = options.Value.MaxRequestBodyBytes;

    private static readonly Func<object, Task> AddStandardHeaders = AddStandardHeadersAsync;

    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        // A client's own id would let it choose (and collide with) the id another request is logged and traced under.
        http.TraceIdentifier = RequestIdFrom(trusted.Contains(http.Connection.RemoteIpAddress) ? http.Request.Headers[RequestIdHeader] : default);
        // Added as the response starts, so answers rewritten by the exception handler (which clears headers) keep them.
        http.Response.OnStarting(AddStandardHeaders, http);

        // Read before the request runs: the exception handler clears the endpoint before it writes its answer, and a
        // malformed body's 400 would be counted under no route.
        var routePattern = RouteLabel.Of(http.GetEndpoint());

        // Every event logged while this request runs carries its id as request_id.
        using var scope = logger.BeginScope(new RequestIdScope(http.TraceIdentifier));

        // A declared length over the cap is refused before a byte is read; Kestrel's MaxRequestBodySize
        // (set to the same cap) stops chunked bodies that grow past it.
        if (http.Request.ContentLength > _maxBodyBytes)
        {
            await GatewayHttp.Problem(new GatewayFailure(GatewayError.PayloadTooLarge, $"The request body is larger than {_maxBodyBytes} bytes."), http).ExecuteAsync(http);
        }
        else if (HasForeignCharset(http.Request.ContentType))
        {
            // The JSON reader throws on a charset it does not know (a 500); JSON between systems is UTF-8 (RFC 8259 §8.1).
            await TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "Send the request body as application/json in UTF-8.").ExecuteAsync(http);
        }
        else
        {
            await next(http);
        }

        var record = http.Features.Get<RequestRecord>();
        var statusCode = http.Response.StatusCode;
        var outcome = http.Features.Get<GatewayOutcomeFeature>()?.Code ?? (statusCode < 400 ? "ok" : GatewayHttp.CodeForStatus(statusCode));
        metrics.RecordRequest(routePattern, http.Request.Method, statusCode, outcome, record?.Decisions);
        if (http.Features.Get<IHttpActivityFeature>()?.Activity is { IsAllDataRequested: true } span)
        {
            RecordDecisions(span, http.TraceIdentifier, outcome, record);
            ClientTraceContext.LinkTo(span, http.Request);
        }

        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var route = routePattern ?? "(no route)";
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var userId = http.User.Identity?.IsAuthenticated == true ? http.User.ToCaller().UserId : null;
        var spend = record?.Decisions.Spend;
        LogCompleted(
            logger,
            http.Request.Method,
            route,
            http.Response.StatusCode,
            elapsedMs,
            userId,
            record?.Decisions.Provider,
            record?.Decisions.Cache,
            record?.PolicyVersion,
            spend?.Model,
            spend?.KeyId,
            spend?.TeamId,
            record?.Usage?.PromptTokens,
            record?.Usage?.CompletionTokens,
            spend?.Used is { } used ? ModelPrice.ToUsd(used.CostNanos) : null,
            record?.Prompt?.Length,
            record?.Prompt?.Hash);
    }

    /// <summary>What the pipeline decided, on the request span, so a trace search by request id or policy version finds it.</summary>
    private static void RecordDecisions(Activity span, string requestId, string outcome, RequestRecord? record)
    {
        span.SetTag("gateway.request_id", requestId);
        span.SetTag("gateway.outcome", outcome);
        if (record is null)
        {
            return;
        }

        span.SetTag("gateway.policy.version", record.PolicyVersion);
        span.SetTag("gateway.cache.status", record.Decisions.Cache switch
        {
            CacheStatus.Hit => "hit",
            CacheStatus.Miss => "miss",
            _ => "bypass",
        });
        if (record.Decisions.Provider is { } provider)
        {
            span.SetTag("gateway.provider", provider);
        }

        if (record.Decisions.Model is { } model)
        {
            span.SetTag("gateway.model", model);
        }
    }

    private static Task AddStandardHeadersAsync(object state)
    {
        var http = (HttpContext)state;
        var headers = http.Response.Headers;
        headers[RequestIdHeader] = http.TraceIdentifier;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Tokens, answers and admin data must never sit in a shared cache.
        headers.CacheControl = "no-store";
        if (http.Request.IsHttps)
        {
            // Served over TLS: browsers must never fall back to plain HTTP for this host (a year, as is usual).
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }

        return Task.CompletedTask;
    }

    /// <summary>A charset other than UTF-8 on the body's Content-Type; none at all is fine.</summary>
    private static bool HasForeignCharset(string? contentType)
    {
        if (contentType is null || !contentType.Contains("charset", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false; // left to the endpoint, which refuses a type it cannot read with 415
        }

        var charset = mediaType.Charset;
        return charset.HasValue
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase); // quoted "utf-8" too: the JSON reader throws on it
    }

    private static string RequestIdFrom(string? candidate)
    {
        if (candidate is { Length: > 0 and <= 64 } && IsSafe(candidate))
        {
            return candidate;
        }

        return Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

        // Letters, digits and - _ . only: the id goes into logs and headers verbatim.
        static bool IsSafe(string value)
        {
            foreach (var c in value)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
                {
                    return false;
                }
            }

            return true;
        }
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information,
        Message = "Request completed {Method:l} {Route:l} {StatusCode} in {ElapsedMs:0.000} ms (user {UserId:l}, provider {Provider:l}, cache {CacheStatus}, policy v{PolicyVersion}, model {Model:l}, key {KeyId:l}, team {Team:l}, tokens {PromptTokens}+{CompletionTokens}, cost ${CostUsd}, prompt {PromptChars} chars #{PromptHash:l})")]
    private static partial void LogCompleted(
        ILogger logger,
        string method,
        string route,
        int statusCode,
        double elapsedMs,
        string? userId,
        string? provider,
        CacheStatus? cacheStatus,
        long? policyVersion,
        string? model,
        string? keyId,
        string? team,
        int? promptTokens,
        int? completionTokens,
        decimal? costUsd,
        int? promptChars,
        string? promptHash);

    /// <summary>A one-entry scope, read by Serilog as the property <c>request_id</c>.</summary>
    private sealed class RequestIdScope(string requestId) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public int Count => 1;

        public KeyValuePair<string, object> this[int index] =>
            index == 0 ? new KeyValuePair<string, object>("request_id", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"request_id:{requestId}";
    }
}
