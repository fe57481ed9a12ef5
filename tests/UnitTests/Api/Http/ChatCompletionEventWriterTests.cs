using System.Text;
using System.Text.Json;
using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.UnitTests.Api.Http;

public class ChatCompletionEventWriterTests
{
    [Fact]
    public async Task WriteText_Chunks_SameBytesAsTheSerializerWritesForTheSameChunks()
    {
        // Characters the encoder escapes in the id, the model and the text, and a text that needs no escaping.
        const string Id = "chatcmpl-a<b>\"c\"";
        const string Model = "gpt-4o-mini+é";
        string[] texts = ["Héllo <b>&\"quoted\"\n", "plain text", "😀 \u2028 \\"];
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;

        using (var events = new ChatCompletionEventWriter(http.Response, Id, 1_700_000_000, Model))
        {
            foreach (var text in texts)
            {
                events.WriteText(text);
                await events.FlushAsync(CancellationToken.None);
            }
        }

        var expected = new StringBuilder();
        for (var i = 0; i < texts.Length; i++)
        {
            var delta = new AssistantMessageResponse(i == 0 ? "assistant" : null, texts[i]);
            var chunk = new ChatCompletionResponse(Id, "chat.completion.chunk", 1_700_000_000, Model, [new ChatChoiceResponse(0, null, delta, null)], null, null);
            expected.Append("data: ").Append(JsonSerializer.Serialize(chunk, ApiJsonContext.Default.ChatCompletionResponse)).Append("\n\n");
        }

        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task WriteEnd_FinishUsageAndDoneLeaveTogetherOnTheNextFlush()
    {
        var (http, body) = Response();
        using var events = new ChatCompletionEventWriter(http.Response, "chatcmpl-1", 1, "gpt-4o-mini");
        events.WriteText("answer");

        events.WriteEnd("stop", null, new OpenAiUsage(3, 1, 4), new GatewayDecisions("openai", Cached: false, Fallback: false, PolicyVersion: 1, UsageEstimated: false, Redactions: []));
        var sentBeforeFlush = body.Length;
        await events.FlushAsync(CancellationToken.None);

        var sent = Encoding.UTF8.GetString(body.ToArray());
        Assert.Equal(0, sentBeforeFlush);
        Assert.EndsWith("data: [DONE]\n\n", sent, StringComparison.Ordinal);
        Assert.Contains("\"finish_reason\":\"stop\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"total_tokens\":4", sent, StringComparison.Ordinal);
    }

    private static (DefaultHttpContext Http, MemoryStream Body) Response()
    {
        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;
        return (http, body);
    }
}
