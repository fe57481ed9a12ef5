using System.Text.Json;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Application.Chat;

public class CompletionFilterTests
{
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";

    private static readonly OutputFilter Filter = TestPolicies.Compile().OutputFilter;

    [Fact]
    public void Filter_EveryFieldWithTheModelsWords_Redacted()
    {
        var completion = Answer(AwsKey) with
        {
            Model = "model of jane.doe@example.com",
            Choices =
            [
                new CompletionChoice(0, $"key {AwsKey}", "tool_calls", ToolCalls: [new ToolCall("call_1", "lookup", $$"""{"key":"{{AwsKey}}"}""")]),
                new CompletionChoice(1, null, "stop", Refusal: $"I won't share {AwsKey}"),
            ],
        };

        var (filtered, redactions) = CompletionFilter.Filter(Filter, completion, jsonOutput: false);

        Assert.Equal("key [REDACTED:aws_access_key_id]", filtered.Text);
        Assert.Equal("model of [REDACTED:email]", filtered.Model);
        Assert.Equal("""{"key":"[REDACTED:aws_access_key_id]"}""", filtered.Choices![0].ToolCalls![0].Arguments);
        Assert.Equal("call_1", filtered.Choices[0].ToolCalls![0].Id);
        Assert.Equal("I won't share [REDACTED:aws_access_key_id]", filtered.Choices[1].Refusal);
        Assert.Equal([new Redaction("email", 1), new Redaction("aws_access_key_id", 3)], redactions);
    }

    [Fact]
    public void Filter_JsonOutput_ContentStaysValidJson()
    {
        var (filtered, _) = CompletionFilter.Filter(Filter, Answer($$"""{"secret":"{{AwsKey}}"}"""), jsonOutput: true);

        using var parsed = JsonDocument.Parse(filtered.Text);
        Assert.Equal("[REDACTED:aws_access_key_id]", parsed.RootElement.GetProperty("secret").GetString());
    }

    [Fact]
    public void Filter_NothingToRedact_TheSameCompletion()
    {
        var completion = Answer("All clear.");

        Assert.Same(completion, CompletionFilter.Filter(Filter, completion, jsonOutput: false).Completion);
    }

    private static Completion Answer(string text) =>
        new(text, "openai", "gpt-4o", "stop", new TokenUsage(1, 1, Estimated: false), [], IsFallback: false);
}
