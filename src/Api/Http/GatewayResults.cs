using LlmGateway.Application.Common;

namespace LlmGateway.Api.Http;

/// <summary>
/// The one mapping from a use case's result to HTTP for the controllers: a value becomes the action's own answer, a
/// failure the gateway's problem body (<see cref="GatewayHttp.Problem"/>; OpenAI's error shape under <c>/v1</c>).
/// </summary>
internal static class GatewayResults
{
    public static IActionResult ToActionResult<T>(this Result<T> result, Func<T, IActionResult> onSuccess)
        where T : class =>
        result.Value is { } value ? onSuccess(value) : new FailureResult(result.Failure!);

    public static IActionResult ToActionResult(this GatewayFailure failure) => new FailureResult(failure);

    /// <summary>
    /// An answer on the model path (every request pays for it): written straight with the gateway's JSON options (the
    /// source-generated contracts), as minimal APIs write, instead of through MVC's output formatter selection.
    /// </summary>
    public static IActionResult Json<T>(T value) => new JsonResult<T>(value);

    /// <summary>UTF-8 JSON relayed as it came (a provider's answer the gateway does not change).</summary>
    public static IActionResult RawJson(ReadOnlyMemory<byte> utf8) => new RawJsonResult(utf8);

    private sealed class RawJsonResult(ReadOnlyMemory<byte> utf8) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.ContentType = "application/json";
            response.ContentLength = utf8.Length;
            return response.Body.WriteAsync(utf8, context.HttpContext.RequestAborted).AsTask();
        }
    }

    private sealed class JsonResult<T>(T value) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            context.HttpContext.Response.WriteAsJsonAsync(value, context.HttpContext.RequestAborted);
    }

    private sealed class FailureResult(GatewayFailure failure) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            GatewayHttp.Problem(failure, context.HttpContext).ExecuteAsync(context.HttpContext);
    }
}
