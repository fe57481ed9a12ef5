using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using Microsoft.AspNetCore.Diagnostics;

namespace LlmGateway.Api.Http;

/// <summary>
/// Turns what escaped the endpoints into problem bodies: unreadable requests into the 4xx they deserve,
/// everything else into a 500 that names no type, message or stack — only the request id to quote. A request whose
/// client has left never gets here: the framework's middleware marks it 499 itself, which the request metrics count
/// as <c>client_closed</c>.
/// </summary>
internal sealed partial class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            var failure = badRequest.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => new GatewayFailure(GatewayError.PayloadTooLarge, GatewayHttp.DetailForStatus(StatusCodes.Status413PayloadTooLarge)),
                StatusCodes.Status400BadRequest => new GatewayFailure(GatewayError.ValidationFailed, DescribeUnreadableBody(badRequest)),
                _ => null,
            };

            if (failure is not null)
            {
                await GatewayHttp.Problem(failure, httpContext).ExecuteAsync(httpContext);
                return true;
            }

            await WriteStatusProblemAsync(httpContext, badRequest.StatusCode);
            return true;
        }

        LogUnhandled(logger, exception, httpContext.TraceIdentifier);
        await WriteStatusProblemAsync(httpContext, StatusCodes.Status500InternalServerError);
        return true;
    }

    private static string DescribeUnreadableBody(BadHttpRequestException exception) => exception.InnerException switch
    {
        // The JSON path names the offending field of the caller's own document; it holds no values.
        JsonException { Path: { Length: > 0 } path } => $"The request body is not valid JSON or a field has the wrong type (at {path}).",
        JsonException => "The request body is not valid JSON.",
        _ => "The request body is missing or cannot be read.",
    };

    // The problem-details customizer (ApiDependencyInjection) adds the detail, code and request_id for the status.
    private static Task WriteStatusProblemAsync(HttpContext httpContext, int status) =>
        TypedResults.Problem(statusCode: status).ExecuteAsync(httpContext);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled exception in request {RequestId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
