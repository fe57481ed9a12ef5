using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;
using LlmGateway.Infrastructure.Redis;

namespace LlmGateway.UnitTests.Infrastructure.Redis;

public class RedisJsonContextTests
{
    [Fact]
    public void Completion_WithChoicesAndToolCalls_ComesBackFromTheCacheWhole()
    {
        var completion = new Completion("First", "openai", "gpt-4o", "tool_calls", new TokenUsage(3, 4, Estimated: false), [new Redaction("email", 1)], IsFallback: false)
        {
            Choices =
            [
                new CompletionChoice(0, "First", "tool_calls", ToolCalls: [new ToolCall("call_1", "lookup", """{"key":"[REDACTED:email]"}""")]),
                new CompletionChoice(1, null, "stop", Refusal: "No."),
            ],
        };

        var stored = JsonSerializer.SerializeToUtf8Bytes(completion, RedisJsonContext.Default.Completion);
        var read = JsonSerializer.Deserialize(stored, RedisJsonContext.Default.Completion)!;

        Assert.Equal(completion.Text, read.Text);
        Assert.Equal(completion.Choices[0].ToolCalls, read.Choices![0].ToolCalls);
        Assert.Equal(completion.Choices[1] with { ToolCalls = null }, read.Choices[1] with { ToolCalls = null });
        Assert.Equal(completion.Redactions, read.Redactions);
    }
}
