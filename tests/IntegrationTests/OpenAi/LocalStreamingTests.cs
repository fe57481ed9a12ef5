using System.Net;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests.OpenAi;

/// <summary>/v1 with nothing configured: the built-in local provider streams, and cache hits replay as streams.</summary>
[Collection(SharedGateway.Name)]
public sealed class LocalStreamingTests(GatewayApiFactory gateway)
{
    [Fact]
    public async Task A_cached_answer_replayed_as_a_stream_keeps_a_character_that_straddles_two_chunks_whole()
    {
        // The local answer starts with a 57-character preamble; six more characters put the emoji's two UTF-16 halves
        // on either side of the replay's 64-character chunk boundary.
        var prompt = $"abcdef\U0001F600 {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";
        using var client = gateway.CreateUserClient();

        var (first, firstHeaders) = await OpenAiSdkTests.ReadStreamAsync(client, prompt);
        var (replayed, replayHeaders) = await OpenAiSdkTests.ReadStreamAsync(client, prompt);

        Assert.Equal("MISS", firstHeaders.GetValues("X-Cache").Single());
        Assert.Equal("HIT", replayHeaders.GetValues("X-Cache").Single());
        Assert.Contains("\U0001F600", OpenAiSdkTests.ContentOf(replayed), StringComparison.Ordinal);
        Assert.DoesNotContain("\uFFFD", OpenAiSdkTests.ContentOf(replayed), StringComparison.Ordinal);
        Assert.Equal(OpenAiSdkTests.ContentOf(first), OpenAiSdkTests.ContentOf(replayed));
    }

    [Fact]
    public async Task Unknown_paths_under_v1_answer_in_openai_error_shape()
    {
        using var client = gateway.CreateUserClient();
        using var response = await client.GetAsync("/v1/completions");

        var error = (await response.ReadJsonAsync(HttpStatusCode.NotFound)).GetProperty("error");
        Assert.Equal("not_found", error.GetProperty("code").GetString());
        Assert.Equal("not_found_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Malformed_json_on_v1_is_a_400_in_openai_error_shape()
    {
        using var client = gateway.CreateUserClient();
        using var response = await client.PostRawJsonAsync("/v1/chat/completions", "{\"messages\": [");

        var error = (await response.ReadJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal("validation_failed", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }
}
