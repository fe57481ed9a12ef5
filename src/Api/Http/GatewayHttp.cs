using System.Globalization;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using Microsoft.Net.Http.Headers;

namespace LlmGateway.Api.Http;

/// <summary>
/// The one place where outcomes become HTTP: error codes to statuses and problem bodies, and the
/// pipeline's decisions to headers. Every error body is <c>application/problem+json</c> with
/// <c>status</c>, <c>title</c>, <c>detail</c>, <c>code</c> and <c>request_id</c>.
/// </summary>
internal static class GatewayHttp
{
    public static int StatusCode(GatewayError error) => error switch
    {
        GatewayError.Unauthorized => StatusCodes.Status401Unauthorized,
        GatewayError.Forbidden => StatusCodes.Status403Forbidden,
        GatewayError.RateLimited => StatusCodes.Status429TooManyRequests,
        GatewayError.ValidationFailed => StatusCodes.Status400BadRequest,
        GatewayError.PromptBlocked => StatusCodes.Status400BadRequest,
        GatewayError.PolicyDenied => StatusCodes.Status403Forbidden,
        GatewayError.ProviderUnavailable => StatusCodes.Status503ServiceUnavailable,
        GatewayError.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        GatewayError.NotFound => StatusCodes.Status404NotFound,
        GatewayError.Conflict => StatusCodes.Status409Conflict,
        GatewayError.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        GatewayError.StoreUnavailable => StatusCodes.Status503ServiceUnavailable,
        GatewayError.UpstreamRejected => StatusCodes.Status400BadRequest,
        GatewayError.BudgetExceeded => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string Code(GatewayError error) => error switch
    {
        GatewayError.Unauthorized => "unauthorized",
        GatewayError.Forbidden => "forbidden",
        GatewayError.RateLimited => "rate_limited",
        GatewayError.ValidationFailed => "validation_failed",
        GatewayError.PromptBlocked => "prompt_blocked",
        GatewayError.PolicyDenied => "policy_denied",
        GatewayError.ProviderUnavailable => "provider_unavailable",
        GatewayError.PayloadTooLarge => "payload_too_large",
        GatewayError.NotFound => "not_found",
        GatewayError.Conflict => "conflict",
        GatewayError.PreconditionFailed => "precondition_failed",
        GatewayError.StoreUnavailable => "store_unavailable",
        GatewayError.UpstreamRejected => "upstream_rejected",
        GatewayError.BudgetExceeded => "budget_exceeded",
        _ => "internal_error",
    };

    /// <summary>For answers the framework produces before any gateway code runs (no route, wrong method...).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "validation_failed",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "rate_limited",
        StatusCodes.Status412PreconditionFailed => "precondition_failed",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "headers_too_large",
        StatusCodes.Status499ClientClosedRequest => GatewayOutcomeFeature.ClientClosed.Code,
        >= 500 => "internal_error",
        _ => "bad_request",
    };

    /// <summary>A detail for answers the framework produces, which come without one.</summary>
    public static string DetailForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => "There is no endpoint at this path; see /docs.",
        StatusCodes.Status405MethodNotAllowed => "This endpoint does not accept this HTTP method; see /docs.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than the gateway accepts.",
        StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are larger than the gateway accepts.",
        >= 500 => "An unexpected error occurred. Quote the request_id when reporting it.",
        _ => "The request could not be processed as sent.",
    };

    public static IResult Problem(GatewayFailure failure, HttpContext http)
    {
        if (failure.RetryAt is { } retryAt)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((retryAt - http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        // The request metric's outcome: the code, which the status alone does not tell (400 is validation or a block).
        http.Features.Set(GatewayOutcomeFeature.For(failure.Code));
        var problem = new ProblemDetails
        {
            Status = StatusCode(failure.Code),
            Title = Title(failure.Code),
            Detail = failure.Detail,
            Extensions = { ["code"] = Code(failure.Code), ["request_id"] = http.TraceIdentifier },
        };
        if (failure.Upstream is { } upstream)
        {
            // The provider's own answer to the client's mistake: its status, and its words (already through the output filter).
            problem.Status = upstream.Status;
            problem.Detail = upstream.Message;
            problem.Extensions["code"] = upstream.Code ?? Code(failure.Code);
            problem.Extensions["param"] = upstream.Param;
            if (upstream.Type is { } type)
            {
                problem.Extensions["error_type"] = type;
            }
        }

        if (failure.Errors is not null)
        {
            problem.Extensions["errors"] = failure.Errors;
        }

        if (failure.RuleIds is not null)
        {
            problem.Extensions["rule_ids"] = failure.RuleIds;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>
    /// The pipeline's decisions onto the request's <see cref="RequestRecord"/> (for the log and metrics) and into the
    /// headers; returns the record, for the answer's usage.
    /// </summary>
    public static RequestRecord RecordDecisions(HttpContext http, PipelineDecisions decisions, TimeProvider time)
    {
        var record = http.Features.Get<RequestRecord>()!;
        record.Decisions = decisions;
        ApplyDecisionHeaders(http, decisions, time);
        return record;
    }

    /// <summary>X-Cache, X-Gateway-Provider, X-Gateway-Model and the rate-limit headers; Retry-After on a 429.</summary>
    private static void ApplyDecisionHeaders(HttpContext http, PipelineDecisions decisions, TimeProvider time)
    {
        var headers = http.Response.Headers;
        if (decisions.Provider is { } provider)
        {
            headers["X-Gateway-Provider"] = provider;
        }

        if (decisions.Model is { } model)
        {
            headers["X-Gateway-Model"] = model;
        }

        headers["X-Cache"] = decisions.Cache switch
        {
            CacheStatus.Hit => "HIT",
            CacheStatus.Miss => "MISS",
            _ => "BYPASS",
        };

        // OpenAI's names for the token limit: the tightest of the key's, user's and team's that applied.
        if (decisions.Spend?.Admission is { TokenLimit: > 0, FailedOpen: false } tokens)
        {
            headers["X-RateLimit-Limit-Tokens"] = tokens.TokenLimit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining-Tokens"] = tokens.TokensRemaining.ToString(CultureInfo.InvariantCulture);
        }

        // Failed open (store unreachable): there are no counts to report.
        if (decisions.RateLimit is not { FailedOpen: false } rate)
        {
            return;
        }

        headers["X-RateLimit-Limit"] = rate.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = rate.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = rate.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (!rate.Allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((rate.ResetAt - time.GetUtcNow()).TotalSeconds));
            headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary><c>Cache-Control: no-cache</c> skips the cache read, <c>no-store</c> the write.</summary>
    public static CacheDirectives CacheDirectivesFrom(HttpRequest request)
    {
        var values = request.Headers.CacheControl;
        if (values.Count == 0)
        {
            return default;
        }

        var noCache = false;
        var noStore = false;
        if (CacheControlHeaderValue.TryParse(values.ToString(), out var cacheControl))
        {
            noCache = cacheControl.NoCache;
            noStore = cacheControl.NoStore;
        }

        return new CacheDirectives(SkipRead: noCache, SkipWrite: noStore);
    }

    private static string Title(GatewayError error) => error switch
    {
        GatewayError.Unauthorized => "Unauthorized",
        GatewayError.Forbidden => "Forbidden",
        GatewayError.RateLimited => "Too many requests",
        GatewayError.ValidationFailed => "Invalid request",
        GatewayError.PromptBlocked => "Prompt blocked",
        GatewayError.PolicyDenied => "Denied by policy",
        GatewayError.ProviderUnavailable => "No provider available",
        GatewayError.PayloadTooLarge => "Payload too large",
        GatewayError.NotFound => "Not found",
        GatewayError.Conflict => "Conflict",
        GatewayError.PreconditionFailed => "Precondition failed",
        GatewayError.StoreUnavailable => "Store unavailable",
        GatewayError.UpstreamRejected => "Rejected by the provider",
        GatewayError.BudgetExceeded => "Budget exceeded",
        _ => "Internal error",
    };
}

/// <summary>The gateway error code an answer carries (or <see cref="ClientClosed"/>), set where the answer is made and read by the request metrics.</summary>
internal sealed class GatewayOutcomeFeature
{
    // One instance per code, built once: setting the outcome allocates nothing.
    private static readonly GatewayOutcomeFeature[] ByError = Create();

    private GatewayOutcomeFeature(string code)
    {
        Code = code;
    }

    /// <summary>The client left before its answer was complete (nobody received an error): a stream cut short, or
    /// 499 when nothing had been sent yet.</summary>
    public static GatewayOutcomeFeature ClientClosed { get; } = new("client_closed");

    public string Code { get; }

    public static GatewayOutcomeFeature For(GatewayError error) =>
        (int)error >= 0 && (int)error < ByError.Length ? ByError[(int)error] : new GatewayOutcomeFeature(GatewayHttp.Code(error));

    private static GatewayOutcomeFeature[] Create()
    {
        var errors = Enum.GetValues<GatewayError>();
        var max = 0;
        foreach (var error in errors)
        {
            max = Math.Max(max, (int)error);
        }

        var features = new GatewayOutcomeFeature[max + 1];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = new GatewayOutcomeFeature(GatewayHttp.Code((GatewayError)i));
        }

        return features;
    }
}
