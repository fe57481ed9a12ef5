using System.Net;
using System.Text;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests.OpenAi;

/// <summary>
/// Families the red-team sets found missing (bench/GuardrailEval/redteam), through the public API: the upstream echoes
/// the prompt, so the answer carries the secret, whole or streamed in five-character pieces, and none of it may reach
/// the client. Every value was generated for these tests in its vendor's format.
/// </summary>
public sealed class SecretFamilyRedactionTests(UpstreamGatewayApiFactory gateway) : IClassFixture<UpstreamGatewayApiFactory>
{
    public static TheoryData<string, string, bool> Families()
    {
        var data = new TheoryData<string, string, bool>();
        (string Text, string Secret)[] cases =
        [
            ("env:\n  - name: DD_API_KEY\n    value: \"9c1f0e7d2b4a6c8e1f3a5b7d9e0c2a4f\"", "9c1f0e7d2b4a6c8e"),
            ("the Cosmos key rEHAluvtdgDW1+In81LJK6yc+jecsblnAk2vnXK6+Zy2GKlPOyJV9YZGWNkJnsrUgBhcpqIuRhWlACDbCMkU6g== works", "rEHAluvtdgDW1"),
            ("docker login with dckr_pat_GPzEyoL8EsaJd-wyXxQPplH8ACy please", "GPzEyoL8EsaJd"),
            ("see passgk_136cb94838da83a9_bKNm4e6mhIDy3UeZgAbgLUBW2zCQtK6G1kYO9AoXIKU in the dump", "bKNm4e6mhIDy3"),
            ("the organiser is anna.berg [at] example [dot] org, so please write to her before Friday about the room", "anna.berg"),
        ];
        foreach (var (text, secret) in cases)
        {
            data.Add(text, secret, false);
            data.Add(text, secret, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Echoed_secret_of_a_red_team_family_never_reaches_the_client(string text, string secret, bool stream)
    {
        var prompt = FakeOpenAiUpstream.Prompt("echo", $"Note: {text}");
        using var client = gateway.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", $$"""{"model":"{{UpstreamGatewayApiFactory.UpstreamModel}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]}""");

        string answer;
        if (stream)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var sse = await response.Content.ReadAsStringAsync();
            var received = new StringBuilder();
            foreach (var line in sse.Split('\n'))
            {
                if (line.StartsWith("data: {", StringComparison.Ordinal))
                {
                    using var chunk = JsonDocument.Parse(line["data: ".Length..]);
                    foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
                    {
                        if (choice.GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { } piece)
                        {
                            received.Append(piece);
                        }
                    }
                }
            }

            answer = received.ToString();
        }
        else
        {
            var body = await response.ReadJsonAsync(HttpStatusCode.OK);
            answer = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        }

        Assert.StartsWith(FakeOpenAiUpstream.EchoPrefix, answer, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, answer, StringComparison.Ordinal);
    }
}
