using System.Net;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// Output-guard plugins judge every choice of an answer, not only the first: with <c>n</c> = 2 a client must not get
/// past a plugin what a one-choice answer could not carry. The upstream puts the prompt into its last choice only, so the
/// throwing test plugin's answer trigger reaches the gateway in choice 1.
/// </summary>
public sealed class OutputGuardChoicesTests(PluginUpstreamGatewayApiFactory gateway) : IClassFixture<PluginUpstreamGatewayApiFactory>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_guarded_text_in_the_second_choice_withholds_the_answer(bool stream)
    {
        var prompt = FakeOpenAiUpstream.Prompt("echo-last-choice", $"Repeat {ThrowingGuard.AnswerTrigger}");
        using var client = gateway.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", $$"""{"model":"{{UpstreamGatewayApiFactory.UpstreamModel}}","n":2,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("throwing-guard", body, StringComparison.Ordinal);
        Assert.DoesNotContain(ThrowingGuard.AnswerTrigger, body, StringComparison.Ordinal);
        Assert.Equal(1, gateway.Upstream.Attempts(prompt));
    }

    [Fact]
    public async Task Two_clean_choices_pass_the_guards_unchanged()
    {
        var prompt = FakeOpenAiUpstream.Prompt("echo-last-choice", "Repeat a harmless line");
        using var client = gateway.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", $$"""{"model":"{{UpstreamGatewayApiFactory.UpstreamModel}}","n":2,"messages":[{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]}""");

        var answer = await response.ReadJsonAsync(HttpStatusCode.OK);
        var choices = answer.GetProperty("choices");
        Assert.Equal(FakeOpenAiUpstream.AnswerText, choices[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal($"{FakeOpenAiUpstream.EchoPrefix}{prompt}", choices[1].GetProperty("message").GetProperty("content").GetString());
    }
}
