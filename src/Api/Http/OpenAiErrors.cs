using LlmGateway.Application.Common;

namespace LlmGateway.Api.Http;

/// <summary>
/// The OpenAI-compatible surface (<c>/v1/*</c>) answers errors in OpenAI's shape, so the SDKs raise their usual
/// exceptions. Registered as the first problem-details writer: every problem on a <c>/v1</c> path — from the
/// pipeline, the token check, the framework or the exception handler — is written here; everything else keeps
/// <c>application/problem+json</c>.
/// </summary>
internal sealed class OpenAiErrors : IProblemDetailsWriter
{
    public static readonly PathString Prefix = "/v1";

    public static bool IsOpenAiPath(HttpContext http) => http.Request.Path.StartsWithSegments(Prefix);

    public bool CanWrite(ProblemDetailsContext context) => IsOpenAiPath(context.HttpContext);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        var status = problem.Status ?? http.Response.StatusCode;
        var code = problem.Extensions.TryGetValue("code", out var value) && value is string known ? known : GatewayHttp.CodeForStatus(status);
        var param = problem.Extensions.TryGetValue("param", out var named) ? named as string
            : problem.Extensions.TryGetValue("errors", out var errors) && errors is IReadOnlyDictionary<string, string[]> { Count: > 0 } fields ? fields.Keys.First()
            : null;
        var detail = problem.Detail;
        if (status == StatusCodes.Status404NotFound && detail is null && http.GetEndpoint() is null)
        {
            // No endpoint at this path (/v1/completions, /v1/audio/speech...): OpenAI's words for it, naming the path.
            detail = $"Invalid URL ({http.Request.Method} {http.Request.Path}): this gateway serves /v1/chat/completions, /v1/responses, /v1/embeddings and /v1/models.";
            param ??= http.Request.Path.Value;
        }

        var type = problem.Extensions.TryGetValue("error_type", out var given) && given is string upstreamType ? upstreamType : TypeFor(status, code);
        var body = new OpenAiErrorResponse(new OpenAiError(detail ?? GatewayHttp.DetailForStatus(status), type, param, code));
        return new ValueTask(http.Response.WriteAsJsonAsync(body, ApiJsonContext.Default.OpenAiErrorResponse, contentType: "application/json"));
    }

    /// <summary>For an error event inside a stream, after the status line has gone.</summary>
    public static OpenAiErrorResponse ToBody(GatewayFailure failure) =>
        new(new OpenAiError(failure.Detail, TypeFor(GatewayHttp.StatusCode(failure.Code), GatewayHttp.Code(failure.Code)), null, GatewayHttp.Code(failure.Code)));

    /// <summary>OpenAI's error types by status; a spent budget is OpenAI's own type for a spent quota.</summary>
    private static string TypeFor(int status, string code) => status switch
    {
        StatusCodes.Status429TooManyRequests when code == "budget_exceeded" => "insufficient_quota",
        StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType => "invalid_request_error",
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => "not_found_error",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        StatusCodes.Status503ServiceUnavailable => "service_unavailable",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
