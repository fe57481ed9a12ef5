using System.Net;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// The OpenAPI document as client generators read it: Redocly's linter (its recommended rules) finds no error, a
/// request's required fields are marked required, and the streamed chat answer is documented as an event stream.
/// The linter runs through npx (test.sh installs Node.js when it is missing).
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class OpenApiLintTests(GatewayApiFactory factory)
{
    private const string Redocly = "@redocly/cli@2.77.0";

    private static readonly Dictionary<string, string?> QuietNode = new() { ["NO_UPDATE_NOTIFIER"] = "1", ["REDOCLY_TELEMETRY"] = "off" };

    [Fact]
    public async Task Document_PassesRedoclyLintWithoutErrors()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(Path.GetTempPath(), $"llm-gateway-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync());
        try
        {
            var (exitCode, output, diagnostics) = await ExternalProcess.RunAsync(
                "npx", $"--yes {Redocly} lint {file} --format=json", TimeSpan.FromMinutes(4), environment: QuietNode);
            Assert.True(output.Contains('{', StringComparison.Ordinal), $"The linter wrote no report: {diagnostics}");

            using var report = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
            var errors = report.RootElement.GetProperty("problems").EnumerateArray()
                .Where(p => p.GetProperty("severity").GetString() == "error")
                .Select(p => $"{p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}")
                .ToList();
            Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
            Assert.Equal(0, exitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Document_MarksRequiredFieldsAndDescribesTheEventStream()
    {
        using var client = factory.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Contains("messages", Required(schemas, "ChatCompletionsRequest"));
        Assert.DoesNotContain("model", Required(schemas, "ChatCompletionsRequest"));
        Assert.Contains("prompt", Required(schemas, "GenerateRequest"));
        Assert.Contains("policy_version", Required(schemas, "GenerateResponse"));
        var chat200 = document.GetProperty("paths").GetProperty("/v1/chat/completions").GetProperty("post").GetProperty("responses").GetProperty("200");
        Assert.True(chat200.GetProperty("content").TryGetProperty("text/event-stream", out _));
        Assert.Contains("input", Required(schemas, "ResponsesRequest"));
        Assert.Contains("input", Required(schemas, "EmbeddingsRequest"));
        var responses200 = document.GetProperty("paths").GetProperty("/v1/responses").GetProperty("post").GetProperty("responses").GetProperty("200");
        Assert.True(responses200.GetProperty("content").TryGetProperty("text/event-stream", out _));
        Assert.True(document.GetProperty("paths").GetProperty("/v1/embeddings").GetProperty("post").GetProperty("responses").TryGetProperty("429", out _));
        var login = document.GetProperty("paths").GetProperty("/login").GetProperty("post");
        Assert.Equal(JsonValueKind.Object, login.GetProperty("security")[0].ValueKind);
        Assert.Empty(login.GetProperty("security")[0].EnumerateObject());
    }

    private static List<string?> Required(JsonElement schemas, string name) =>
        [.. schemas.GetProperty(name).GetProperty("required").EnumerateArray().Select(e => e.GetString())];
}
