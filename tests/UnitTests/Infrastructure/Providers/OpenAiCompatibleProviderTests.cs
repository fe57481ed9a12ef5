using System.Net;
using System.Text;
using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.Providers;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LlmGateway.UnitTests.Infrastructure.Providers;

/// <summary>The OpenAI-compatible provider, against an in-process HTTP handler (no network, no resilience pipeline).</summary>
public class OpenAiCompatibleProviderTests
{
    private const string Answer = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there."},"finish_reason":"length"}],
         "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}
        """;

    private static readonly ChatRequest Request = ChatRequest.FromPrompt("Tell me a secret plan", "gpt-4o-mini", 50);

    private static readonly RemoteProvider OpenAi = new("openai", null, "sk-test", "gpt-4o-mini", UsesRequestedModel: true);

    [Fact]
    public async Task CompleteAsync_Answer_TextFinishReasonAndReportedUsage()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, Answer));

        var result = await Provider(OpenAi, handler).CompleteAsync(Request, 50, default);

        var completion = result.Completion!;
        Assert.Equal(("Hello there.", "openai", "gpt-4o-mini-2024-07-18", "length"), (completion.Text, completion.Provider, completion.Model, completion.FinishReason));
        Assert.Equal(new TokenUsage(9, 3, Estimated: false), completion.Usage);
        Assert.False(completion.IsFallback);
    }

    [Fact]
    public async Task CompleteAsync_AnswerWithoutUsage_EstimatedAndMarkedSo()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"llama3.1",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there."},"finish_reason":"stop"}]}
            """));

        var result = await Provider(OpenAi, handler).CompleteAsync(Request, 50, default);

        // 21 prompt characters → 6 tokens; 12 answer characters → 3 tokens.
        Assert.Equal(new TokenUsage(6, 3, Estimated: true), result.Completion!.Usage);
    }

    [Fact]
    public async Task CompleteAsync_PrimaryOpenAi_AsksForTheRequestedModelWithTheCallersParameters()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, Answer));
        var chat = Request with { Model = "gpt-4o", Temperature = 0.5, Stop = ["END"], EndUser = "customer-7" };

        await Provider(OpenAi, handler).CompleteAsync(chat, 50, default);

        using var body = JsonDocument.Parse(handler.Bodies.Single());
        var root = body.RootElement;
        Assert.Equal("gpt-4o", root.GetProperty("model").GetString());
        Assert.Equal(0.5, root.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal("END", root.GetProperty("stop")[0].GetString());
        Assert.Equal("customer-7", root.GetProperty("user").GetString());
        Assert.Equal("Tell me a secret plan", root.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(new Uri("https://api.openai.com/v1/chat/completions"), handler.Uris.Single());
    }

    [Fact]
    public async Task CompleteAsync_Azure_AsksTheV1EndpointForTheDeployment()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, Answer));
        var options = new ProviderOptions { AzureEndpoint = "https://my-resource.openai.azure.com", AzureApiKey = "azure-key", AzureDeployment = "gpt-4o-prod" };
        var azure = options.RemoteProviders("gpt-4o-mini").Single();

        await Provider(azure, handler).CompleteAsync(Request with { Model = "gpt-4o" }, 50, default);

        using var body = JsonDocument.Parse(handler.Bodies.Single());
        Assert.Equal("gpt-4o-prod", body.RootElement.GetProperty("model").GetString());
        Assert.Equal(new Uri("https://my-resource.openai.azure.com/openai/v1/chat/completions"), handler.Uris.Single());
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "openai: HTTP 500")]
    [InlineData(HttpStatusCode.TooManyRequests, "openai: HTTP 429")]
    [InlineData(HttpStatusCode.BadRequest, "openai: HTTP 400")]
    public async Task CompleteAsync_ErrorStatus_FailureNamesProviderAndStatusButNotTheErrorBody(HttpStatusCode status, string detail)
    {
        var handler = new StubHandler(_ => Json(status, """{"error":{"message":"Rejected: Tell me a secret plan","type":"x"}}"""));

        var result = await Provider(OpenAi, handler).CompleteAsync(Request, 50, default);

        Assert.Equal(detail, result.Failure?.Detail);
    }

    [Fact]
    public async Task CompleteAsync_MalformedAnswer_FailureSaysSo()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, "{\"choices\": [ oops"));

        var result = await Provider(OpenAi, handler).CompleteAsync(Request, 50, default);

        Assert.Equal("openai: malformed answer", result.Failure?.Detail);
    }

    [Theory]
    [InlineData("""{"id":"chatcmpl-1","object":"chat.completion","choices":[]}""")]
    [InlineData("""[{"choices":[{"index":0,"message":{"content":"Hello there."},"finish_reason":"stop"}]}]""")]
    [InlineData("""{"choices":[{"index":0,"message":{"content":"Hello there."},"finish_reason":"stop"}],"usage":{"prompt_tokens":"nine"}}""")]
    public async Task CompleteAsync_NotAChatCompletion_FailureSaysMalformed(string body)
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, body));

        var result = await Provider(OpenAi, handler).CompleteAsync(Request, 50, default);

        Assert.Equal("openai: malformed answer", result.Failure?.Detail);
    }

    [Fact]
    public async Task CompleteAsync_ContentAsTextParts_PartsJoinedUnknownFieldsIgnoredUnknownFinishReasonReadAsStop()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, """
            {"id":"x","system_fingerprint":{"nested":[1,2,{"a":null}]},"model":"llama3.1",
             "choices":[{"index":0,"logprobs":null,"message":{"role":"assistant","refusal":null,"content":[{"type":"text","text":"Hello "},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"there é."}]},"finish_reason":"eos"},
                        {"index":1,"message":{"content":"second choice"},"finish_reason":"stop"}]}
            """));

        var completion = (await Provider(OpenAi, handler).CompleteAsync(Request, 50, default)).Completion!;

        Assert.Equal(("Hello there é.", "llama3.1", "stop"), (completion.Text, completion.Model, completion.FinishReason));
    }

    public static TheoryData<Exception, string> TransportFailures => new()
    {
        { new HttpRequestException("Connection refused (127.0.0.1:11434)"), "openai: connection failed" },
        { new BrokenCircuitException(), "openai: circuit open" },
        { new TimeoutRejectedException(), "openai: timeout" },
    };

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public async Task CompleteAsync_TransportFails_FailureNamesTheKind(Exception failure, string detail)
    {
        var handler = new StubHandler(_ => throw failure);

        var result = await Provider(OpenAi, handler).CompleteAsync(Request, 50, default);

        Assert.Equal(detail, result.Failure?.Detail);
    }

    [Fact]
    public async Task CompleteAsync_CallerCancelled_NotReportedAsAProviderFailure()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, Answer));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Provider(OpenAi, handler).CompleteAsync(Request, 50, cancellation.Token));
    }

    [Fact]
    public async Task StreamAsync_Events_TextInOrderThenFinishAndReportedUsage()
    {
        var handler = new StubHandler(_ => Sse(
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"lo."},"finish_reason":"stop"}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"""));

        var opened = await Provider(OpenAi, handler).StreamAsync(Request, 50, default);
        var deltas = new List<StreamDelta>();
        await foreach (var delta in opened.Stream!.ReadAsync())
        {
            deltas.Add(delta);
        }

        Assert.Equal("Hello.", string.Concat(deltas.Select(d => d.Text)));
        Assert.Contains(deltas, d => d.FinishReason == "stop");
        Assert.Equal(new TokenUsage(5, 2, Estimated: false), deltas.Last(d => d.Usage is not null).Usage);
        using var body = JsonDocument.Parse(handler.Bodies.Single());
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        Assert.True(body.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Theory]
    [InlineData("""{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""")]
    [InlineData("""{"id":"c1","choices":[{"index":0,"delta":{"content":"more"},"finish_reason":null}],"error":{"message":"overloaded"}}""")]
    public async Task StreamAsync_ErrorEventMidStream_ReadingFailsInsteadOfEndingQuietly(string errorEvent)
    {
        var handler = new StubHandler(_ => Sse(
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}""",
            errorEvent,
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"lo."},"finish_reason":"stop"}]}"""));

        var opened = await Provider(OpenAi, handler).StreamAsync(Request, 50, default);
        var texts = new List<string?>();

        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var delta in opened.Stream!.ReadAsync())
            {
                texts.Add(delta.Text);
            }
        });
        Assert.Equal(["Hel"], texts);
    }

    [Fact]
    public async Task StreamAsync_DoneBeforeAFinishReason_ReadingFails()
    {
        var handler = new StubHandler(_ => Sse(
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}"""));

        var opened = await Provider(OpenAi, handler).StreamAsync(Request, 50, default);

        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in opened.Stream!.ReadAsync())
            {
            }
        });
    }

    [Fact]
    public async Task StreamAsync_ErrorStatusBeforeTheFirstUpdate_FailureSoTheChainCanMoveOn()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.ServiceUnavailable, """{"error":{"message":"overloaded"}}"""));

        var opened = await Provider(OpenAi, handler).StreamAsync(Request, 50, default);

        Assert.Null(opened.Stream);
        Assert.Equal("openai: HTTP 503", opened.Failure?.Detail);
    }

    [Fact]
    public async Task CompleteAsync_ClientsOwnBody_UnknownFieldsSentUnchangedAndOnlyTheGatewaysFieldsRewritten()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, Answer));
        const string fields = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"seed\": 7,\"x_future\":{\"deep\":[1,\"\\u00e9\"]}";
        var body = Encoding.UTF8.GetBytes("{" + fields + "}");
        var forwarded = new ForwardedRequest(body, [new(1, Encoding.UTF8.GetByteCount(fields), true)]);
        var chat = Request with { Model = "gpt-4o", EndUser = "pseudonym-1", Forwarded = forwarded };

        await Provider(OpenAi, handler).CompleteAsync(chat, 64, default);

        var sent = handler.Bodies.Single();
        Assert.Equal("{\"model\":\"gpt-4o\",\"max_completion_tokens\":64,\"user\":\"pseudonym-1\"," + fields + "}", sent);
    }

    [Fact]
    public async Task CompleteAsync_ToolCallsAndSeveralChoices_EveryChoiceRead()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.OK, """
            {"id":"c","model":"gpt-4o","choices":[
              {"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":1}"}}]},"finish_reason":"tool_calls"},
              {"index":1,"message":{"role":"assistant","content":null,"refusal":"I can't."},"finish_reason":"stop"}]}
            """));

        var completion = (await Provider(OpenAi, handler).CompleteAsync(Request, 50, default)).Completion!;

        Assert.Equal(2, completion.Choices!.Count);
        Assert.Equal(new ToolCall("call_1", "lookup", "{\"q\":1}"), Assert.Single(completion.Choices[0].ToolCalls!));
        Assert.Equal("tool_calls", completion.Choices[0].FinishReason);
        Assert.Equal("I can't.", completion.Choices[1].Refusal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task CompleteAsync_ClientErrorStatus_TheUpstreamsErrorForTheClientNotInTheDetail(HttpStatusCode status)
    {
        var handler = new StubHandler(_ => Json(status, """{"error":{"message":"Invalid 'messages[0]': Tell me","type":"invalid_request_error","param":"messages","code":"bad"}}"""));

        var failure = (await Provider(OpenAi, handler).CompleteAsync(Request, 50, default)).Failure!;

        Assert.Equal(GatewayError.UpstreamRejected, failure.Code);
        Assert.Equal(new UpstreamError((int)status, "Invalid 'messages[0]': Tell me", "invalid_request_error", "messages", "bad"), failure.Upstream);
        Assert.DoesNotContain("Tell me", failure.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task CompleteAsync_RetryableClientStatus_ProviderUnavailableSoTheChainMovesOn(HttpStatusCode status)
    {
        var handler = new StubHandler(_ => Json(status, """{"error":{"message":"busy"}}"""));

        var failure = (await Provider(OpenAi, handler).CompleteAsync(Request, 50, default)).Failure!;

        Assert.Equal(GatewayError.ProviderUnavailable, failure.Code);
        Assert.Null(failure.Upstream);
    }

    [Fact]
    public async Task StreamAsync_ClientErrorStatus_UpstreamRejected()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.BadRequest, """{"error":{"message":"Unknown parameter: 'x'.","param":"x"}}"""));

        var opened = await Provider(OpenAi, handler).StreamAsync(Request, 50, default);

        Assert.Equal("Unknown parameter: 'x'.", opened.Failure?.Upstream?.Message);
    }

    [Fact]
    public async Task StreamAsync_ToolCallChunks_PartsByChoiceAndCall()
    {
        var handler = new StubHandler(_ => Sse(
            """{"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"lookup","arguments":""}}]},"finish_reason":null}]}""",
            """{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"q\":"}}]},"finish_reason":null},{"index":1,"delta":{"content":"Hi"},"finish_reason":null}]}""",
            """{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"},{"index":1,"delta":{},"finish_reason":"stop"}]}"""));

        var opened = await Provider(OpenAi, handler).StreamAsync(Request, 50, default);
        var parts = new List<ChoiceDelta>();
        await foreach (var delta in opened.Stream!.ReadAsync())
        {
            parts.AddRange(delta.Parts ?? []);
        }

        Assert.Equal(
            [
                new ChoiceDelta(0, DeltaKind.ToolCall, "", 0, "call_1", "lookup"),
                new ChoiceDelta(0, DeltaKind.ToolCall, "{\"q\":", 0),
                new ChoiceDelta(1, DeltaKind.Content, "Hi"),
                new ChoiceDelta(0, DeltaKind.Finish, "tool_calls"),
                new ChoiceDelta(1, DeltaKind.Finish, "stop"),
            ],
            parts);
    }

    public static TheoryData<Exception, string> Failures => new()
    {
        { new BrokenCircuitException(), "circuit open" },
        { new TimeoutRejectedException(), "timeout" },
        { new TimeoutException(), "timeout" },
        { new HttpRequestException(), "connection failed" },
        { new JsonException(), "malformed answer" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Classify_Exception_DescribesTheKindOfFailureOnly(Exception exception, string expected)
    {
        Assert.Equal(expected, OpenAiCompatibleProvider.Classify(exception).Description);
    }

    private static OpenAiCompatibleProvider Provider(RemoteProvider remote, StubHandler handler) =>
        new(remote, new HttpClient(handler), new ProviderOptions());

    private static Task<HttpResponseMessage> Json(HttpStatusCode status, string json) =>
        Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    private static Task<HttpResponseMessage> Sse(params string[] events)
    {
        var body = string.Concat(events.Select(e => $"data: {e}\n\n")) + "data: [DONE]\n\n";
        var content = new StreamContent(new ForwardOnlyStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("text/event-stream");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }

    /// <summary>A response body as it comes off the network: readable once, not seekable.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private sealed class StubHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        public List<Uri> Uris { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Uris.Add(request.RequestUri!);
            Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            return await respond(request);
        }
    }
}
