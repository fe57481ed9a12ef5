using System.Text.Json;
using LlmGateway.Api.Http;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LlmGateway.UnitTests.Api.Http;

public class OpenAiErrorsTests
{
    private readonly OpenAiErrors _errors = new();

    [Theory]
    [InlineData(GatewayError.ValidationFailed, "invalid_request_error", "validation_failed")]
    [InlineData(GatewayError.PromptBlocked, "invalid_request_error", "prompt_blocked")]
    [InlineData(GatewayError.PayloadTooLarge, "invalid_request_error", "payload_too_large")]
    [InlineData(GatewayError.Unauthorized, "authentication_error", "unauthorized")]
    [InlineData(GatewayError.Forbidden, "permission_error", "forbidden")]
    [InlineData(GatewayError.PolicyDenied, "permission_error", "policy_denied")]
    [InlineData(GatewayError.NotFound, "not_found_error", "not_found")]
    [InlineData(GatewayError.RateLimited, "rate_limit_error", "rate_limited")]
    [InlineData(GatewayError.ProviderUnavailable, "service_unavailable", "provider_unavailable")]
    public void ToBody_Failure_OpenAiTypeForItsStatusAndTheGatewayCode(GatewayError error, string type, string code)
    {
        var body = OpenAiErrors.ToBody(new GatewayFailure(error, "What went wrong."));

        Assert.Equal(("What went wrong.", type, code), (body.Error.Message, body.Error.Type, body.Error.Code));
        Assert.Null(body.Error.Param);
    }

    [Theory]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/v1/models", true)]
    [InlineData("/v1", true)]
    [InlineData("/generate", false)]
    [InlineData("/v10/models", false)]
    [InlineData("/admin/v1", false)]
    public void CanWrite_OnlyTheOpenAiSurface(string path, bool expected)
    {
        var context = new ProblemDetailsContext { HttpContext = Http(path), ProblemDetails = new ProblemDetails { Status = 400 } };

        Assert.Equal(expected, _errors.CanWrite(context));
    }

    [Fact]
    public async Task WriteAsync_ValidationProblem_OpenAiShapeNamingTheFirstParameter()
    {
        var http = Http("/v1/chat/completions");
        var problem = new ProblemDetails
        {
            Status = 400,
            Detail = "temperature: temperature must be between 0 and 2.",
            Extensions =
            {
                ["code"] = "validation_failed",
                ["errors"] = new Dictionary<string, string[]> { ["temperature"] = ["temperature must be between 0 and 2."] },
            },
        };

        var error = await WriteAsync(http, problem);

        Assert.Equal("temperature: temperature must be between 0 and 2.", error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("temperature", error.GetProperty("param").GetString());
        Assert.Equal("validation_failed", error.GetProperty("code").GetString());
        Assert.StartsWith("application/json", http.Response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_NoEndpointAtThePath_NotFoundNamingThePath()
    {
        var http = Http("/v1/nothing-here");

        var error = await WriteAsync(http, new ProblemDetails { Status = 404 });

        Assert.Equal("not_found_error", error.GetProperty("type").GetString());
        Assert.Equal("not_found", error.GetProperty("code").GetString());
        Assert.Contains("/v1/nothing-here", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("/v1/nothing-here", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task WriteAsync_FrameworkProblemWithoutCodeOrDetail_CodeAndMessageFromTheStatus()
    {
        var error = await WriteAsync(Http("/v1/chat/completions"), new ProblemDetails { Status = 415 });

        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("unsupported_media_type", error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    [Theory]
    [InlineData(429, "rate_limit_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(500, "server_error")]
    [InlineData(503, "service_unavailable")]
    public async Task WriteAsync_Status_OpenAiErrorType(int status, string type)
    {
        var error = await WriteAsync(Http("/v1/chat/completions"), new ProblemDetails { Status = status, Detail = "x" });

        Assert.Equal(type, error.GetProperty("type").GetString());
    }

    private async Task<JsonElement> WriteAsync(HttpContext http, ProblemDetails problem)
    {
        await _errors.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });

        http.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(http.Response.Body);
        return document.RootElement.GetProperty("error").Clone();
    }

    private static DefaultHttpContext Http(string path)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();
        return http;
    }
}
