using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>Bad input gets a clear 400 problem — never a 5xx, never a stack trace or type name (docs/operations.md).</summary>
[Collection(SharedGateway.Name)]
public sealed class RequestValidationTests(GatewayApiFactory factory)
{
    private const string Marker = GatewayApiFactory.PromptMarker;

    /// <summary>Raw body → the field the problem's <c>errors</c> must name (empty when the body cannot be parsed at all).</summary>
    public static TheoryData<string, string> InvalidGenerateBodies => new()
    {
        { $$"""{"prompt": "{{Marker}}", """, string.Empty },
        { $$"""{"prompt": "{{Marker}} truncated""", string.Empty },
        { $$"""{prompt: '{{Marker}}'}""", string.Empty },
        { "not json at all", string.Empty },
        { "[]", string.Empty },
        { $$"""{"prompt": "{{Marker}}", "max_tokens": "abc"}""", string.Empty },
        { $$"""{"prompt": "{{Marker}}", "max_tokens": 1.5}""", string.Empty },
        { $$"""{"prompt": "{{Marker}}", "max_tokens": 99999999999}""", string.Empty },
        { """{"prompt": 42}""", string.Empty },
        { $$"""{"prompt": "{{Marker}}", "prompt": "{{Marker}} again"}""", string.Empty },
        { $$"""{"prompt": "{{Marker}}", "max_tokens": -5}""", "max_tokens" },
        { $$"""{"prompt": "{{Marker}}", "max_tokens": 0}""", "max_tokens" },
        { $$"""{"prompt": "{{Marker}}", "max_tokens": 1025}""", "max_tokens" },
        { """{"prompt": ""}""", "prompt" },
        { """{"prompt": "   "}""", "prompt" },
        { """{"prompt": null}""", "prompt" },
        { """{}""", "prompt" },
        { """{"max_tokens": 10}""", "prompt" },
    };

    [Theory]
    [MemberData(nameof(InvalidGenerateBodies))]
    public async Task Generate_InvalidBody_Returns400ValidationFailed(string json, string field)
    {
        using var client = factory.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/generate", json);

        // Bodies the JSON reader refuses (field "") are answered by the exception handler, which loses X-Request-Id (src bug).
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        if (field.Length > 0)
        {
            Assert.NotEmpty(problem.GetProperty("errors").GetProperty(field).EnumerateArray());
        }

        Assert.DoesNotContain(Marker, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_PromptLongerThanTheLimit_Returns400NamingPrompt()
    {
        using var client = factory.CreateUserClient();

        using var response = await client.PostGenerateAsync(Marker + new string('a', 32_001));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("prompt").EnumerateArray());
    }

    [Fact]
    public async Task Generate_EmptyJsonBody_Returns400ValidationFailed()
    {
        using var client = factory.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/generate", string.Empty);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Generate_NoBodyAtAll_Returns400ValidationFailed()
    {
        using var client = factory.CreateUserClient();

        using var response = await client.PostAsync("/generate", content: null);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Generate_InvalidUtf8_Returns400ValidationFailed()
    {
        using var client = factory.CreateUserClient();
        var bytes = Encoding.UTF8.GetBytes("""{"prompt": "abc XX def"}""");
        bytes[14] = 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        bytes[15] = 0x28;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        using var response = await client.PostAsync("/generate", content);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Generate_AboveTheUserMaximumButWithinTheAdminMaximum_NamesTheRoleLimit()
    {
        using var user = factory.CreateUserClient();

        using var response = await user.PostGenerateAsync($"{Marker} too many tokens", maxTokens: 4096);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("max_tokens").EnumerateArray()).GetString();
        Assert.Contains("1024", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_BodyOf3MB_Returns413PayloadTooLarge()
    {
        using var client = factory.CreateUserClient();
        var json = $$"""{"prompt": "{{Marker}}{{new string('a', 3 * 1024 * 1024)}}"}""";

        using var response = await client.PostRawJsonAsync("/generate", json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.DoesNotContain(Marker, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_MalformedJson_Returns400ValidationFailed()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostRawJsonAsync("/login", """{"user_id": "x", "password": """);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task CreateUser_WrongType_Returns400ValidationFailed()
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.PostRawJsonAsync("/admin/users", """{"user_id": ["a"], "password": 12345678901234}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
