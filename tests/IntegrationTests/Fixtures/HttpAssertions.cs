using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>What every answer of the gateway must look like, checked the way a client would see it.</summary>
public static class HttpAssertions
{
    /// <summary>Text that only a leaked exception, stack trace or type name would put into a body.</summary>
    private static readonly string[] InternalsMarkers = ["System.", "Microsoft.", "LlmGateway.", "Exception", "   at ", "StackTrace"];

    public static Task<HttpResponseMessage> PostGenerateAsync(this HttpClient client, string prompt, int? maxTokens = null) =>
        maxTokens is null
            ? client.PostAsJsonAsync("/generate", new { prompt })
            : client.PostAsJsonAsync("/generate", new { prompt, max_tokens = maxTokens });

    public static Task<HttpResponseMessage> PostRawJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Asserts the status, then parses the JSON body.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expectedStatus)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expectedStatus, $"Expected {(int)expectedStatus} but got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Asserts the gateway's error shape (docs/api.md): <c>application/problem+json</c> with status, title, detail, code and a request_id
    /// equal to the X-Request-Id header, and nothing that reveals the gateway's internals.
    /// </summary>
    /// <param name="expectDetail">False only for errors the framework writes, which carry no detail yet (reported).</param>
    public static async Task<JsonElement> AssertProblemAsync(
        this HttpResponseMessage response,
        HttpStatusCode expectedStatus,
        string expectedCode,
        bool expectDetail = true)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expectedStatus, $"Expected {(int)expectedStatus} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertRevealsNoInternals(body);

        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)expectedStatus, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), "title is empty");
        if (expectDetail)
        {
            Assert.True(problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()), $"detail is missing: {body}");
        }

        Assert.Equal(expectedCode, problem.GetProperty("code").GetString());

        var requestId = problem.GetProperty("request_id").GetString();
        Assert.False(string.IsNullOrEmpty(requestId), "request_id is empty");
        Assert.True(response.Headers.TryGetValues("X-Request-Id", out var header), $"The answer has no X-Request-Id header: {body}");
        Assert.Equal(requestId, Assert.Single(header));

        return problem;
    }

    public static void AssertRevealsNoInternals(string body)
    {
        foreach (var marker in InternalsMarkers)
        {
            Assert.False(body.Contains(marker, StringComparison.Ordinal), $"The body reveals internals ('{marker}'): {body}");
        }
    }

    /// <summary>
    /// Scrapes <c>/metrics</c> until it shows <paramref name="expected"/> (at most 5 s): the Prometheus exporter serves a
    /// cached scrape for 300 ms, and the gateway counts a request after its answer has reached the client.
    /// </summary>
    public static async Task<string> ScrapeMetricsShowingAsync(this HttpClient client, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (text.Contains(expected, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(100);
        }
    }

    public static string SingleHeader(this HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.GetValues(name));

    public static long LongHeader(this HttpResponseMessage response, string name) =>
        long.Parse(response.SingleHeader(name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
}
