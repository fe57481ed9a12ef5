using System.Text;
using System.Text.Json;
using LlmGateway.Api.Http;
using LlmGateway.Domain.Chat;

namespace LlmGateway.UnitTests.Api.Endpoints;

public class ResponsesRequestTranslatorTests
{
    [Fact]
    public void Translate_ItemsOfAFunctionRoundTrip_ChatMessagesTheInspectorReadsWithTheirRoles()
    {
        var translated = Translate("""
            {"model":"gpt-4o","instructions":"Be brief.","input":[
              {"role":"user","content":"Weather in Paris?"},
              {"type":"function_call","call_id":"call_1","name":"lookup","arguments":"{\"city\":\"Paris\"}"},
              {"type":"function_call_output","call_id":"call_1","output":"21 degrees"},
              {"type":"reasoning","id":"rs_1","summary":[]}]}
            """);

        var chat = OpenAiRequestMapper.ToChatRequest(translated.ChatBody!, "default").Chat!;

        Assert.Equal(
            [
                new ChatMessage(ChatRole.System, "Be brief."),
                new ChatMessage(ChatRole.User, "Weather in Paris?"),
                // Every string of an earlier call is text the model reads again, as on the chat path.
                new ChatMessage(ChatRole.Assistant, "call_1\nfunction\nlookup\n{\"city\":\"Paris\"}"),
                new ChatMessage(ChatRole.User, "21 degrees"),
            ],
            chat.Messages);
        using var body = JsonDocument.Parse(translated.ChatBody);
        var call = body.RootElement.GetProperty("messages")[2].GetProperty("tool_calls")[0];
        Assert.Equal("call_1", call.GetProperty("id").GetString());
        Assert.Equal("call_1", body.RootElement.GetProperty("messages")[3].GetProperty("tool_call_id").GetString());
    }

    [Fact]
    public void Translate_AssistantMessageFollowedByTwoCalls_OneAssistantTurn()
    {
        var translated = Translate("""
            {"input":[{"role":"user","content":"Hi"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Let me look."}]},
              {"type":"function_call","call_id":"a","name":"f","arguments":"{}"},
              {"type":"function_call","call_id":"b","name":"g","arguments":"{}"}]}
            """);

        using var body = JsonDocument.Parse(translated.ChatBody);
        var messages = body.RootElement.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("Let me look.", messages[1].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(2, messages[1].GetProperty("tool_calls").GetArrayLength());
    }

    [Fact]
    public void Translate_FunctionToolsChoiceAndJsonSchema_InChatTerms()
    {
        var translated = Translate("""
            {"input":"Hi","max_output_tokens":40,"stream":true,
             "tools":[{"type":"function","name":"f","parameters":{"type":"object"},"strict":true}],
             "tool_choice":{"type":"function","name":"f"},
             "text":{"format":{"type":"json_schema","name":"note","schema":{"type":"object"},"strict":true}}}
            """);

        using var body = JsonDocument.Parse(translated.ChatBody);
        var root = body.RootElement;
        Assert.Equal("f", root.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("f", root.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("note", root.GetProperty("response_format").GetProperty("json_schema").GetProperty("name").GetString());
        Assert.Equal(40, root.GetProperty("max_completion_tokens").GetInt32());
        Assert.True(root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        var chat = OpenAiRequestMapper.ToChatRequest(translated.ChatBody!, "default");
        Assert.True(chat.Stream);
        Assert.True(chat.Chat!.JsonOutput);
    }

    [Theory]
    [InlineData("""{"input":"Hi","tools":[{"type":"file_search","vector_store_ids":["vs_1"]}]}""", "tools[0].type")]
    [InlineData("""{"input":"Hi","previous_response_id":"resp_1"}""", "previous_response_id")]
    [InlineData("""{"input":"Hi","conversation":"conv_1"}""", "conversation")]
    [InlineData("""{"input":[{"type":"computer_call_output","call_id":"c"}]}""", "input[0].type")]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_image","file_id":"file_1"}]}]}""", "input[0].content[0].type")]
    [InlineData("""{"input":"Hi","text":{"format":{"type":"grammar"}}}""", "text.format.type")]
    [InlineData("""{"model":"gpt-4o"}""", "input")]
    public void Translate_WhatCannotBeHonoured_RefusedNamingTheParam(string json, string param)
    {
        var translated = Translate(json);

        Assert.Null(translated.ChatBody);
        Assert.Equal([param], translated.Failure!.Errors!.Keys);
    }

    [Fact]
    public void Translate_StoreFalseIncludeAndNullPreviousResponse_Accepted()
    {
        var translated = Translate("""{"input":"Hi","store":false,"include":["reasoning.encrypted_content"],"previous_response_id":null,"metadata":{"a":"b"}}""");

        Assert.Null(translated.Failure);
        Assert.Equal("b", translated.Echo.Metadata!.Value.GetProperty("a").GetString());
    }

    private static TranslatedResponsesRequest Translate(string json) => ResponsesRequestTranslator.Translate(Encoding.UTF8.GetBytes(json));
}
