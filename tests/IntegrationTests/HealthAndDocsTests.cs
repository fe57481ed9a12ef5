using System.Net;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

[Collection(SharedGateway.Name)]
public sealed class HealthAndDocsTests(GatewayApiFactory factory)
{
    [Fact]
    public async Task Health_WithoutToken_ReturnsStatusOk()
    {
        using var client = factory.CreateClient();

        var body = await (await client.GetAsync("/health")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("ok", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_InMemoryMode_Returns200WithChecks()
    {
        using var client = factory.CreateClient();

        var body = await (await client.GetAsync("/health/ready")).ReadJsonAsync(HttpStatusCode.OK);

        var checks = body.GetProperty("checks");
        Assert.Equal(System.Text.Json.JsonValueKind.Object, checks.ValueKind);
        Assert.NotEmpty(checks.EnumerateObject());
        foreach (var check in checks.EnumerateObject())
        {
            Assert.Equal("healthy", check.Value.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheContractPathsAndBearerScheme()
    {
        using var client = factory.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/login", "/generate", "/v1/chat/completions", "/v1/models", "/admin/users", "/health", "/health/ready" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"The OpenAPI document has no path {path}.");
        }

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Contains(
            schemes.EnumerateObject(),
            s => s.Value.GetProperty("type").GetString() == "http"
                && string.Equals(s.Value.GetProperty("scheme").GetString(), "bearer", StringComparison.OrdinalIgnoreCase));

        // A client generator (and Swagger UI's lock icon) learns from this that /generate needs the token.
        Assert.True(paths.GetProperty("/generate").GetProperty("post").TryGetProperty("security", out var security));
        Assert.NotEmpty(security.EnumerateArray());
    }

    [Theory]
    [InlineData("put", "application/json")]
    [InlineData("patch", "application/merge-patch+json")]
    public async Task OpenApi_PolicyChanges_TakeThePolicyDocumentUnderTheirMediaTypeAndListTheirErrors(string method, string mediaType)
    {
        using var client = factory.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var operation = document.GetProperty("paths").GetProperty("/admin/policy").GetProperty(method);
        var content = operation.GetProperty("requestBody").GetProperty("content");
        Assert.Equal([mediaType], content.EnumerateObject().Select(c => c.Name));
        Assert.Equal("#/components/schemas/PolicyDocument", content.GetProperty(mediaType).GetProperty("schema").GetProperty("$ref").GetString());
        var statuses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        Assert.Equal(["200", "400", "401", "403", "412", "413", "415", "503"], statuses.Order(StringComparer.Ordinal));
        Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "confirm");
        Assert.True(document.GetProperty("components").GetProperty("schemas").GetProperty("PolicyDocument").GetProperty("properties").TryGetProperty("cache", out _));
    }

    [Fact]
    public async Task Docs_ServesSwaggerUi()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/docs");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger-ui", html, StringComparison.OrdinalIgnoreCase);

        // The page's own script, served from under /docs like every asset of the UI.
        using var script = await client.GetAsync("/docs/swagger-ui-bundle.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
