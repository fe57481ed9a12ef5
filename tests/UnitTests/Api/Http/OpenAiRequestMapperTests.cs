using System.Text.Json;
using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;

namespace LlmGateway.UnitTests.Api.Endpoints;

public class OpenAiRequestMapperTests
{
    private const string DefaultModel = "gpt-4o-mini";

    [Fact]
    public void ToChatRequest_PlainRequest_MessagesAndParametersCarried()
    {
        var chat = Map("""
            {"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],
             "temperature":0.3,"top_p":0.9,"max_tokens":64,"user":"customer-7","stream":true}
            """);

        Assert.Equal([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hi")], chat.Messages);
        Assert.Equal(("gpt-4o", 64, 0.3, 0.9, "customer-7"), (chat.Model, chat.MaxTokens, chat.Temperature, chat.TopP, chat.EndUser));
        Assert.Null(chat.Stop);
    }

    [Fact]
    public void ToChatRequest_TextPartsContent_JoinedInOrder()
    {
        var chat = Map("""{"messages":[{"role":"user","content":[{"type":"text","text":"Hello, "},{"type":"text","text":"world"}]}]}""");

        Assert.Equal("Hello, world", Assert.Single(chat.Messages).Content);
    }

    [Fact]
    public void ToChatRequest_DeveloperRole_TreatedAsSystem()
    {
        var chat = Map("""{"messages":[{"role":"developer","content":"Answer in French."},{"role":"user","content":"Hi"}]}""");

        Assert.Equal(ChatRole.System, chat.Messages[0].Role);
    }

    [Fact]
    public void ToChatRequest_AssistantWithNullContent_AcceptedAsEmpty()
    {
        var chat = Map("""{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":null},{"role":"user","content":"Again"}]}""");

        Assert.Equal(new ChatMessage(ChatRole.Assistant, ""), chat.Messages[1]);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"},{"role":"tool","content":"42","tool_call_id":"c1"}]}""", "messages[1]", "Tool and function messages")]
    [InlineData("""{"messages":[{"role":"function","content":"42","name":"f"}]}""", "messages[0]", "Tool and function messages")]
    [InlineData("""{"messages":[{"role":"robot","content":"Hi"}]}""", "messages[0]", "role must be one of")]
    [InlineData("""{"messages":[{"content":"Hi"}]}""", "messages[0]", "role must be one of")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""", "messages[0]", "Only text content parts")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":"Look:"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""", "messages[0]", "Only text content parts")]
    [InlineData("""{"messages":[{"role":"user","content":42}]}""", "messages[0]", "content must be a string")]
    [InlineData("""{"messages":[{"role":"user","content":null}]}""", "messages[0]", "content is required")]
    [InlineData("""{"messages":[{"role":"user"}]}""", "messages[0]", "content is required")]
    [InlineData("""{"messages":[null]}""", "messages[0]", "must be an object")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"n":2}""", "n", "Only n = 1")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f"}}]}""", "tools", "not supported")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"functions":[{"name":"f"}]}""", "functions", "not supported")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"json_object"}}""", "response_format", "text")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"stop":42}""", "stop", "string or an array of strings")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"stop":["END",7]}""", "stop", "string or an array of strings")]
    public void ToChatRequest_UnsupportedShape_ValidationFailedNamingTheParameter(string json, string parameter, string message)
    {
        var failure = MapFailure(json);

        Assert.Equal(GatewayError.ValidationFailed, failure.Code);
        var errors = Assert.Single(failure.Errors!);
        Assert.Equal(parameter, errors.Key);
        Assert.Contains(message, Assert.Single(errors.Value), StringComparison.Ordinal);
        Assert.StartsWith($"{parameter}: ", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ToChatRequest_SeveralProblems_EveryOneListed()
    {
        var failure = MapFailure("""{"messages":[{"role":"tool","content":"x"},{"role":"user","content":"Hi"},{"role":"user","content":[{"type":"image_url"}]}],"n":3,"stop":1}""");

        Assert.Equal(["messages[0]", "messages[2]", "n", "stop"], failure.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"n":1}""")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"n":null,"tools":null,"functions":null,"response_format":null,"stop":null}""")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"text"}}""")]
    public void ToChatRequest_DefaultsSpelledOut_Accepted(string json)
    {
        Assert.Equal("Hi", Assert.Single(Map(json).Messages).Content);
    }

    [Fact]
    public void ToChatRequest_StopAsString_OneSequence()
    {
        Assert.Equal(["END"], Map("""{"messages":[{"role":"user","content":"Hi"}],"stop":"END"}""").Stop!);
    }

    [Fact]
    public void ToChatRequest_StopAsArray_EverySequenceInOrder()
    {
        Assert.Equal(["END", "\n\n"], Map("""{"messages":[{"role":"user","content":"Hi"}],"stop":["END","\n\n"]}""").Stop!);
    }

    [Theory]
    [InlineData(""","max_tokens":100,"max_completion_tokens":200""", 200)]
    [InlineData(""","max_completion_tokens":200""", 200)]
    [InlineData(""","max_tokens":100""", 100)]
    [InlineData("", null)]
    public void ToChatRequest_MaxCompletionTokens_WinsOverMaxTokens(string limits, int? expected)
    {
        var json = $$"""{"messages":[{"role":"user","content":"Hi"}]{{limits}}}""";

        Assert.Equal(expected, Map(json).MaxTokens);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("""{"model":"","messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("""{"model":null,"messages":[{"role":"user","content":"Hi"}]}""")]
    public void ToChatRequest_NoModel_TheDefaultModel(string json)
    {
        Assert.Equal(DefaultModel, Map(json).Model);
    }

    [Fact]
    public void ToChatRequest_NoMessages_EmptyListForTheValidatorToRefuse()
    {
        Assert.Empty(Map("""{"model":"gpt-4o"}""").Messages);
    }

    private static ChatRequest Map(string json)
    {
        var (chat, failure) = OpenAiRequestMapper.ToChatRequest(Body(json), DefaultModel);

        Assert.Null(failure);
        return chat!;
    }

    private static GatewayFailure MapFailure(string json)
    {
        var (chat, failure) = OpenAiRequestMapper.ToChatRequest(Body(json), DefaultModel);

        Assert.Null(chat);
        return failure!;
    }

    private static ChatCompletionsRequest Body(string json) =>
        JsonSerializer.Deserialize(json, ApiJsonContext.Default.ChatCompletionsRequest)!;
}
