using System.Net;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// Hostile input the in-memory catalogue (<see cref="HostileInputTests"/>) cannot reach: request heads past Kestrel's
/// limits. Each is refused with its 4xx — never a 5xx, never a hang — and the gateway keeps serving.
/// </summary>
public sealed class OversizedRequestHeadTests(KestrelGatewayApiFactory gateway) : IClassFixture<KestrelGatewayApiFactory>
{
    public static TheoryData<string, int, int> Cases => new()
    {
        // name, bytes in one header (X-Pad) or in the path, expected status
        { "one 40 KiB header (limit: 32 KiB of headers)", 40 * 1024, 431 },
        { "one 1 MiB header", 1024 * 1024, 431 },
        { "a 16 KiB request target (limit: 8 KiB)", -16 * 1024, 414 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RequestHead_PastKestrelsLimits_IsRefusedWithItsStatusAndTheGatewayKeepsServing(string name, int bytes, int expected)
    {
        var token = gateway.TokenFor(GatewayApiFactory.NewUserId(), "user");
        using var client = gateway.CreateSocketClient(token);
        var prompt = $$"""{"prompt": "{{GatewayApiFactory.PromptMarker}} {{Guid.NewGuid():N}}"}""";
        using var request = bytes >= 0
            ? new HttpRequestMessage(HttpMethod.Post, "/generate")
            : new HttpRequestMessage(HttpMethod.Post, "/generate?pad=" + new string('p', -bytes));
        request.Content = new StringContent(prompt, System.Text.Encoding.UTF8, "application/json");
        if (bytes >= 0)
        {
            request.Headers.TryAddWithoutValidation("X-Pad", new string('h', bytes));
        }

        HttpResponseMessage? response = null;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // Kestrel may answer and close while a 1 MiB head is still being sent, and the client then sees the
            // connection reset instead of the answer: a refusal too, not a hang. Smaller heads must get their answer.
            Assert.True(bytes >= 1024 * 1024, $"{name}: the connection was dropped instead of answered: {e}");
        }

        if (response is not null)
        {
            using (response)
            {
                Assert.True((int)response.StatusCode == expected, $"{name}: expected {expected}, got {(int)response.StatusCode}");
                HttpAssertions.AssertRevealsNoInternals(await response.Content.ReadAsStringAsync());
            }
        }

        // A normal request on a fresh connection is served.
        using var next = gateway.CreateSocketClient(token);
        using var served = await next.PostRawJsonAsync("/generate", $$"""{"prompt": "{{GatewayApiFactory.PromptMarker}} after {{Guid.NewGuid():N}}"}""");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
