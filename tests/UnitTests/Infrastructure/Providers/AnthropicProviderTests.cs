using System.Net;
using System.Text;
using System.Text.Json;
using LlmGateway.Api.Http;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.Providers;

namespace LlmGateway.UnitTests.Infrastructure.Providers;

/// <summary>The adapter over the Anthropic SDK, against an in-process HTTP handler: chat completions to Messages and back.</summary>
public class AnthropicProviderTests
{
    private const string TextAnswer = """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-served","content":[{"type":"text","text":"Hello there."}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":3,"cache_read_input_tokens":5,"output_tokens":4}}
        """;

    private static readonly RemoteProvider Anthropic = new("anthropic", new Uri("http://anthropic.test"), "sk-ant-test", "claude-configured", UsesRequestedModel: false, ProviderProtocol.Anthropic);

    [Fact]
    public async Task CompleteAsync_ForwardedToolHistory_TranslatedToAnthropicsMessages()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, TextAnswer));
        var chat = Map("""
            {"model":"gpt-4o","max_tokens":64,"temperature":0.25,"top_p":0.9,"stop":["END"],"user":"customer-7",
             "parallel_tool_calls":false,"tool_choice":"required",
             "tools":[{"type":"function","function":{"name":"lookup","description":"Looks up.","parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}}],
             "messages":[
               {"role":"system","content":"Be brief."},
               {"role":"developer","content":[{"type":"text","text":"Use tools."}]},
               {"role":"user","content":[{"type":"text","text":"Weather?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
               {"role":"assistant","content":"Checking.","tool_calls":[
                 {"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"city\":\"Paris\",\"days\":[1,2]}"}},
                 {"id":"call_2","type":"function","function":{"name":"lookup","arguments":"{\"city\":\"Rome\"}"}}]},
               {"role":"tool","tool_call_id":"call_1","content":"Sunny."},
               {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"Rain."}]},
               {"role":"user","content":"Thanks."}]}
            """);

        await Provider(handler).CompleteAsync(chat, 64, default);

        Assert.Equal("http://anthropic.test/v1/messages", Assert.Single(handler.Uris).ToString());
        using var sent = JsonDocument.Parse(handler.Bodies[0]);
        var root = sent.RootElement;
        Assert.Equal(("claude-configured", 64, 0.25, 0.9), (root.GetProperty("model").GetString(), root.GetProperty("max_tokens").GetInt32(), root.GetProperty("temperature").GetDouble(), root.GetProperty("top_p").GetDouble()));
        Assert.Equal("END", root.GetProperty("stop_sequences")[0].GetString());
        Assert.Equal("customer-7", root.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.Equal(["Be brief.", "Use tools."], root.GetProperty("system").EnumerateArray().Select(b => b.GetProperty("text").GetString()));

        var tool = root.GetProperty("tools")[0];
        Assert.Equal(("lookup", "Looks up.", true), (tool.GetProperty("name").GetString(), tool.GetProperty("description").GetString(), tool.GetProperty("strict").GetBoolean()));
        Assert.Equal("string", tool.GetProperty("input_schema").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("any", root.GetProperty("tool_choice").GetProperty("type").GetString());
        Assert.True(root.GetProperty("tool_choice").GetProperty("disable_parallel_tool_use").GetBoolean());

        var messages = root.GetProperty("messages");
        Assert.Equal(["user", "assistant", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        var user = messages[0].GetProperty("content");
        Assert.Equal(("text", "Weather?"), (user[0].GetProperty("type").GetString(), user[0].GetProperty("text").GetString()));
        Assert.Equal(("base64", "image/png", "iVBORw0KGgo="), (user[1].GetProperty("source").GetProperty("type").GetString(), user[1].GetProperty("source").GetProperty("media_type").GetString(), user[1].GetProperty("source").GetProperty("data").GetString()));

        var assistant = messages[1].GetProperty("content");
        Assert.Equal("Checking.", assistant[0].GetProperty("text").GetString());
        Assert.Equal(("tool_use", "call_1", "lookup"), (assistant[1].GetProperty("type").GetString(), assistant[1].GetProperty("id").GetString(), assistant[1].GetProperty("name").GetString()));
        Assert.Equal("""{"city":"Paris","days":[1,2]}""", assistant[1].GetProperty("input").GetRawText());
        Assert.Equal("call_2", assistant[2].GetProperty("id").GetString());

        // Both tool results, then the user's text, in the one user turn that follows the calls.
        var results = messages[2].GetProperty("content");
        Assert.Equal(3, results.GetArrayLength());
        Assert.Equal(("tool_result", "call_1", "Sunny."), (results[0].GetProperty("type").GetString(), results[0].GetProperty("tool_use_id").GetString(), results[0].GetProperty("content").GetString()));
        Assert.Equal(("call_2", "Rain."), (results[1].GetProperty("tool_use_id").GetString(), results[1].GetProperty("content").GetString()));
        Assert.Equal("Thanks.", results[2].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("\"none\"", "none", null)]
    [InlineData("\"auto\"", "auto", null)]
    [InlineData("{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}", "tool", "lookup")]
    public async Task CompleteAsync_ToolChoice_TranslatedToAnthropicsChoice(string toolChoice, string type, string? name)
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, TextAnswer));
        var chat = Map($$$"""
            {"model":"gpt-4o","tool_choice":{{{toolChoice}}},"messages":[{"role":"user","content":"Hi"}],
             "tools":[{"type":"function","function":{"name":"lookup"}}]}
            """);

        await Provider(handler).CompleteAsync(chat, 64, default);

        using var sent = JsonDocument.Parse(handler.Bodies[0]);
        var choice = sent.RootElement.GetProperty("tool_choice");
        Assert.Equal(type, choice.GetProperty("type").GetString());
        Assert.Equal(name, choice.TryGetProperty("name", out var n) ? n.GetString() : null);
        // A tool without parameters still gets the object schema Anthropic requires.
        Assert.Equal("object", sent.RootElement.GetProperty("tools")[0].GetProperty("input_schema").GetProperty("type").GetString());
    }

    [Fact]
    public async Task CompleteAsync_JsonSchemaResponseFormat_AnthropicsStructuredOutput()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, TextAnswer));
        var chat = Map("""
            {"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"note","schema":{"type":"object","properties":{"note":{"type":"string"}},"required":["note"]}}}}
            """);

        await Provider(handler).CompleteAsync(chat, 64, default);

        using var sent = JsonDocument.Parse(handler.Bodies[0]);
        var schema = sent.RootElement.GetProperty("output_config").GetProperty("format").GetProperty("schema");
        Assert.Equal("json_schema", sent.RootElement.GetProperty("output_config").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal(("object", "note"), (schema.GetProperty("type").GetString(), schema.GetProperty("required")[0].GetString()));
    }

    [Fact]
    public async Task CompleteAsync_GatewayBuiltRequest_SystemApartAndTheConfiguredLimitWithoutTheCallers()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, TextAnswer));
        var chat = new ChatRequest([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hi")], "gpt-4o", MaxTokens: null);

        await Provider(handler, maxTokens: 100).CompleteAsync(chat, 256, default);
        await Provider(handler, maxTokens: 1000).CompleteAsync(chat, 256, default);

        using var first = JsonDocument.Parse(handler.Bodies[0]);
        Assert.Equal("Be brief.", first.RootElement.GetProperty("system")[0].GetProperty("text").GetString());
        Assert.Equal("Hi", first.RootElement.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(100, first.RootElement.GetProperty("max_tokens").GetInt32());

        // Never above the gateway's own default for the caller.
        using var second = JsonDocument.Parse(handler.Bodies[1]);
        Assert.Equal(256, second.RootElement.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task CompleteAsync_TextAnswer_TextModelAndUsageWithTheCacheInThePromptAndItsReadsCached()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, TextAnswer));

        var result = await Provider(handler).CompleteAsync(ChatRequest.FromPrompt("Hi", "gpt-4o", 50), 50, default);

        var completion = result.Completion!;
        Assert.Equal(("Hello there.", "anthropic", "claude-served", "stop"), (completion.Text, completion.Provider, completion.Model, completion.FinishReason));
        // 10 uncached + 3 written to the cache + 5 read from it; only the reads are billed as cached input.
        Assert.Equal(new TokenUsage(18, 4, Estimated: false) { CachedPromptTokens = 5 }, completion.Usage);
        Assert.Null(completion.Choices);
    }

    [Fact]
    public async Task CompleteAsync_ToolUseAnswer_ToolCallsWithTheModelsJsonAsArguments()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-served","stop_reason":"tool_use","stop_sequence":null,
             "content":[{"type":"text","text":"Looking."},{"type":"tool_use","id":"toolu_1","name":"lookup","input":{"city":"Paris","days":[1,2]}},
                        {"type":"tool_use","id":"toolu_2","name":"clock","input":{}}],
             "usage":{"input_tokens":10,"output_tokens":4}}
            """));

        var result = await Provider(handler).CompleteAsync(ChatRequest.FromPrompt("Hi", "gpt-4o", 50), 50, default);

        var completion = result.Completion!;
        Assert.Equal(("Looking.", "tool_calls"), (completion.Text, completion.FinishReason));
        var choice = Assert.Single(completion.Choices!);
        Assert.Equal("Looking.", choice.Content);
        Assert.Equal(
            [new ToolCall("toolu_1", "lookup", """{"city":"Paris","days":[1,2]}"""), new ToolCall("toolu_2", "clock", "{}")],
            choice.ToolCalls);
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("refusal", "content_filter")]
    [InlineData("pause_turn", "stop")]
    public async Task CompleteAsync_StopReason_MappedToFinishReason(string stopReason, string finishReason)
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, TextAnswer.Replace("end_turn", stopReason, StringComparison.Ordinal)));

        var result = await Provider(handler).CompleteAsync(ChatRequest.FromPrompt("Hi", "gpt-4o", 50), 50, default);

        Assert.Equal(finishReason, result.Completion!.FinishReason);
    }

    [Fact]
    public async Task StreamAsync_Events_TextToolCallPiecesFinishAndUsage()
    {
        var handler = new StubHandler(_ => Sse("""
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-served","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_read_input_tokens":5,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type":"ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo."}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"lookup","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\":"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":12}}

            event: message_stop
            data: {"type":"message_stop"}


            """));

        var result = await Provider(handler).StreamAsync(ChatRequest.FromPrompt("Hi", "gpt-4o", 50), 50, default);
        var deltas = new List<StreamDelta>();
        await using (var stream = result.Stream!)
        {
            await foreach (var delta in stream.ReadAsync())
            {
                deltas.Add(delta);
            }
        }

        using var sent = JsonDocument.Parse(handler.Bodies[0]);
        Assert.True(sent.RootElement.GetProperty("stream").GetBoolean());
        Assert.Equal(["Hel", "lo."], deltas.Where(d => d.Text is not null).Select(d => d.Text));
        var calls = deltas.Where(d => d.Parts is not null).SelectMany(d => d.Parts!).ToList();
        Assert.Equal(
            [
                new ChoiceDelta(0, DeltaKind.ToolCall, string.Empty, 0, "toolu_1", "lookup"),
                new ChoiceDelta(0, DeltaKind.ToolCall, "{\"city\":", 0),
                new ChoiceDelta(0, DeltaKind.ToolCall, "\"Paris\"}", 0),
            ],
            calls);
        var last = deltas[^1];
        Assert.Equal(("tool_calls", new TokenUsage(15, 12, Estimated: false) { CachedPromptTokens = 5 }), (last.FinishReason, last.Usage));
    }

    [Fact]
    public async Task StreamAsync_MessageDeltaWithTheWholeUsage_ItsCacheReadsAreTheCachedTokens()
    {
        var handler = new StubHandler(_ => Sse(StreamStart + """

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":10,"cache_creation_input_tokens":7,"cache_read_input_tokens":20,"output_tokens":3}}

            event: message_stop
            data: {"type":"message_stop"}


            """));

        var result = await Provider(handler).StreamAsync(ChatRequest.FromPrompt("Hi", "gpt-4o", 50), 50, default);
        TokenUsage? usage = null;
        await using (var stream = result.Stream!)
        {
            await foreach (var delta in stream.ReadAsync())
            {
                usage = delta.Usage ?? usage;
            }
        }

        Assert.Equal(new TokenUsage(37, 3, Estimated: false) { CachedPromptTokens = 20 }, usage);
    }

    [Fact]
    public async Task StreamAsync_EndsWithoutStopReason_ReadingThrowsAsABrokenStream()
    {
        var handler = new StubHandler(_ => Sse(StreamStart + """


            """));

        var result = await Provider(handler).StreamAsync(ChatRequest.FromPrompt("Hi", "gpt-4o", 50), 50, default);

        await using var stream = result.Stream!;
        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var delta in stream.ReadAsync())
            {
            }
        });
    }

    [Fact]
    public async Task StreamAsync_ErrorEventMidStream_ReadingThrowsAsABrokenStreamWithoutTheProvidersWords()
    {
        var handler = new StubHandler(_ => Sse(StreamStart + """

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded while reading the prompt text"}}


            """));

        var result = await Provider(handler).StreamAsync(ChatRequest.FromPrompt("Hi", "gpt-4o", 50), 50, default);

        await using var stream = result.Stream!;
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var delta in stream.ReadAsync())
            {
            }
        });
        Assert.DoesNotContain("prompt text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamAsync_ErrorEventFirst_ProviderUnavailableSoTheChainMovesOn()
    {
        var handler = new StubHandler(_ => Sse("""
            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}


            """));

        var result = await Provider(handler).StreamAsync(ChatRequest.FromPrompt("Hi", "gpt-4o", 50), 50, default);

        Assert.Null(result.Stream);
        Assert.Equal(GatewayError.ProviderUnavailable, result.Failure!.Code);
        Assert.Null(result.Failure.Upstream);
    }

    [Fact]
    public async Task CompleteAsync_400_TheClientsErrorWithAnthropicsMessage()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.BadRequest, """{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: too large"}}"""));

        var result = await Provider(handler).CompleteAsync(ChatRequest.FromPrompt("Hi", "gpt-4o", 50), 50, default);

        var failure = result.Failure!;
        Assert.Equal((GatewayError.UpstreamRejected, "anthropic: HTTP 400", "400"), (failure.Code, failure.Detail, failure.ErrorType));
        Assert.Equal(new UpstreamError(400, "max_tokens: too large", "invalid_request_error", null, null), failure.Upstream);
    }

    [Theory]
    [InlineData(529)]
    [InlineData(500)]
    [InlineData(429)]
    public async Task CompleteAsync_OverloadedFailingOrLimited_ProviderUnavailableByStatusOnly(int status)
    {
        var handler = new StubHandler(_ => Json((HttpStatusCode)status, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded: prompt text here"}}"""));

        var result = await Provider(handler).CompleteAsync(ChatRequest.FromPrompt("Hi", "gpt-4o", 50), 50, default);

        var failure = result.Failure!;
        Assert.Equal((GatewayError.ProviderUnavailable, $"anthropic: HTTP {status}", status.ToString(System.Globalization.CultureInfo.InvariantCulture)), (failure.Code, failure.Detail, failure.ErrorType));
        Assert.Null(failure.Upstream);
    }

    [Theory]
    [InlineData("""{"model":"m","n":2,"messages":[{"role":"user","content":"Hi"}]}""", "n")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}""", "messages[0].content[1].type")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]},{"role":"user","content":"Hi"}]}""", "messages[0].tool_calls[0].function.arguments")]
    public async Task CompleteAsync_RequestAnthropicCannotBeAsked_ClientsErrorNamingTheFieldAndNothingSent(string json, string param)
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, TextAnswer));

        var result = await Provider(handler).CompleteAsync(Map(json), 50, default);
        var streamed = await Provider(handler).StreamAsync(Map(json), 50, default);

        Assert.Equal(GatewayError.UpstreamRejected, result.Failure!.Code);
        Assert.Equal((400, param), (result.Failure!.Upstream!.Status, result.Failure.Upstream.Param));
        Assert.Equal(param, streamed.Failure!.Upstream!.Param);
        Assert.Empty(handler.Uris);
    }

    private static ChatRequest Map(string json)
    {
        var mapped = OpenAiRequestMapper.ToChatRequest(Encoding.UTF8.GetBytes(json), "gpt-4o");
        Assert.Null(mapped.Failure);
        return mapped.Chat!;
    }

    private static AnthropicProvider Provider(StubHandler handler, int? maxTokens = null) =>
        new(Anthropic, new HttpClient(handler), new ProviderOptions { AnthropicMaxTokens = maxTokens });

    private static Task<HttpResponseMessage> Json(HttpStatusCode status, string json) =>
        Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    /// <summary>How the scripted streams begin: <c>message_start</c> (10 uncached input tokens), then the text "Hel".</summary>
    private const string StreamStart = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-served","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

        """;

    private static Task<HttpResponseMessage> Sse(string events) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(events.ReplaceLineEndings("\n"), Encoding.UTF8, "text/event-stream") });

    private sealed class StubHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        public List<Uri> Uris { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Uris.Add(request.RequestUri!);
            Bodies.Add(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
            return await respond(request);
        }
    }
}
