using System.Text;
using System.Text.Json;
using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.Common;
using LlmGateway.Domain.Chat;
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

        using (var events = new ChatCompletionEventWriter(http.Response, Id, Model, new AnswerFacts("1", 1_700_000_000, Cached: false, PolicyVersion: 1), includeUsage: false))
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
        using var events = new ChatCompletionEventWriter(http.Response, "chatcmpl-1", "gpt-4o-mini", new AnswerFacts("1", 1, Cached: false, PolicyVersion: 1), includeUsage: true);
        events.WriteText("answer");

        events.WriteEnd(new Completion("answer", "openai", "gpt-4o-mini", "stop", new TokenUsage(3, 1, Estimated: false), [], IsFallback: false));
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
