using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using LlmGateway.IntegrationTests.Fixtures;
using OpenAI.Chat;

namespace LlmGateway.IntegrationTests.OpenAi;

/// <summary>
/// The official OpenAI .NET SDK as a client of a gateway whose provider is Anthropic (a scripted fake of the Messages
/// API that records what arrived): what a team that points its OpenAI client at the gateway and lets Claude answer sees.
/// </summary>
public sealed class AnthropicProviderTests(AnthropicGatewayApiFactory gateway) : IClassFixture<AnthropicGatewayApiFactory>
{
    private const string Redacted = "[REDACTED:aws_access_key_id]";

    [Fact]
    public async Task A_chat_is_answered_by_anthropic_with_the_system_prompt_in_its_place_and_the_cache_reads_as_cached_tokens()
    {
        var prompt = FakeAnthropicUpstream.Prompt("ok");
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 40, Temperature = 0.5f, StopSequences = { "END" } };

        ChatCompletion answer = await gateway.CreateSdkChatClient().CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Hello."), new AssistantChatMessage("Hi."), new UserChatMessage(prompt)],
            options);

        Assert.Equal(FakeAnthropicUpstream.AnswerText, answer.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
        Assert.Equal(FakeAnthropicUpstream.AnswerModel, answer.Model);
        Assert.Equal(FakeAnthropicUpstream.InputTokens + FakeAnthropicUpstream.CacheCreationTokens + FakeAnthropicUpstream.CacheReadTokens, answer.Usage.InputTokenCount);
        Assert.Equal(FakeAnthropicUpstream.CacheReadTokens, answer.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(FakeAnthropicUpstream.OutputTokens, answer.Usage.OutputTokenCount);

        using var sent = gateway.Upstream.LastRequest(prompt);
        var root = sent.RootElement;
        Assert.Equal(AnthropicGatewayApiFactory.Model, root.GetProperty("model").GetString());
        Assert.Equal(40, root.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.5, root.GetProperty("temperature").GetDouble());
        Assert.Equal("END", root.GetProperty("stop_sequences")[0].GetString());
        Assert.Equal("You are terse.", root.GetProperty("system")[0].GetProperty("text").GetString());
        var messages = root.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal(["user", "assistant", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.DoesNotContain(messages.EnumerateArray(), m => m.GetRawText().Contains("You are terse.", StringComparison.Ordinal));
        Assert.Equal($"Bearer {FakeAnthropicUpstream.ApiKey}", gateway.Upstream.LastHeaders(prompt)["authorization"]);
    }

    [Fact]
    public async Task The_answer_names_anthropic_and_a_request_without_a_limit_gets_the_configured_max_tokens()
    {
        var prompt = FakeAnthropicUpstream.Prompt("ok");
        using var client = gateway.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", $$"""{"model":"gpt-test","messages":[{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]}""");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("anthropic", response.Headers.GetValues("X-Gateway-Provider").Single());
        Assert.False(body.GetProperty("gateway").GetProperty("fallback").GetBoolean());
        using var sent = gateway.Upstream.LastRequest(prompt);
        Assert.Equal(AnthropicGatewayApiFactory.MaxTokens, sent.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.False(sent.RootElement.TryGetProperty("stream", out _));
    }

    [Fact]
    public async Task The_model_list_names_the_claude_model_as_anthropics()
    {
        using var client = gateway.CreateUserClient();
        using var response = await client.GetAsync("/v1/models");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        var models = body.GetProperty("data").EnumerateArray().Select(m => (m.GetProperty("id").GetString(), m.GetProperty("owned_by").GetString())).ToList();
        Assert.Equal([(AnthropicGatewayApiFactory.Model, "anthropic"), ("local-echo", "local")], models);
    }

    [Fact]
    public async Task Tool_definitions_and_a_tool_round_trip_are_translated_and_the_models_tool_call_comes_back_filtered()
    {
        var prompt = FakeAnthropicUpstream.Prompt("tools");
        List<ChatMessage> messages =
        [
            new UserChatMessage("What is the weather in Paris?"),
            new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall("call_0", "lookup", BinaryData.FromString("""{"city":"Paris"}"""))]),
            new ToolChatMessage("call_0", "Sunny, 21 degrees."),
            new UserChatMessage(prompt),
        ];

        ChatCompletion answer = await gateway.CreateSdkChatClient().CompleteChatAsync(messages, LookupTool.Options());

        Assert.Equal(ChatFinishReason.ToolCalls, answer.FinishReason);
        Assert.Equal("Let me look that up.", answer.Content[0].Text);
        var call = Assert.Single(answer.ToolCalls);
        Assert.Equal(("toolu_1", "lookup"), (call.Id, call.FunctionName));
        using (var arguments = JsonDocument.Parse(call.FunctionArguments))
        {
            Assert.Equal(Redacted, arguments.RootElement.GetProperty("key").GetString());
            Assert.Equal("Paris", arguments.RootElement.GetProperty("city").GetString());
        }

        using var sent = gateway.Upstream.LastRequest(prompt);
        var root = sent.RootElement;
        var tool = root.GetProperty("tools")[0];
        Assert.Equal("lookup", tool.GetProperty("name").GetString());
        Assert.Equal("Looks a key up.", tool.GetProperty("description").GetString());
        Assert.Equal("key", tool.GetProperty("input_schema").GetProperty("required")[0].GetString());
        Assert.Equal("auto", root.GetProperty("tool_choice").GetProperty("type").GetString());
        Assert.True(root.GetProperty("tool_choice").GetProperty("disable_parallel_tool_use").GetBoolean());

        var history = root.GetProperty("messages");
        Assert.Equal(3, history.GetArrayLength());
        var toolUse = history[1].GetProperty("content")[0];
        Assert.Equal("assistant", history[1].GetProperty("role").GetString());
        Assert.Equal(("tool_use", "call_0", "lookup", "Paris"), (toolUse.GetProperty("type").GetString(), toolUse.GetProperty("id").GetString(), toolUse.GetProperty("name").GetString(), toolUse.GetProperty("input").GetProperty("city").GetString()));

        // The tool's result opens the next user turn, before the user's new text.
        Assert.Equal("user", history[2].GetProperty("role").GetString());
        var result = history[2].GetProperty("content")[0];
        Assert.Equal(("tool_result", "call_0", "Sunny, 21 degrees."), (result.GetProperty("type").GetString(), result.GetProperty("tool_use_id").GetString(), result.GetProperty("content").GetString()));
        Assert.Equal(prompt, history[2].GetProperty("content")[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Streamed_text_arrives_in_pieces_with_the_finish_reason_and_usage()
    {
        var prompt = FakeAnthropicUpstream.Prompt("ok");
        var text = new StringBuilder();
        var updates = 0;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;

        await foreach (var update in gateway.CreateSdkChatClient().CompleteChatStreamingAsync([new UserChatMessage(prompt)]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                updates++;
            }

            finish = update.FinishReason ?? finish;
            usage = update.Usage ?? usage;
        }

        Assert.Equal(FakeAnthropicUpstream.AnswerText, text.ToString());
        Assert.True(updates > 1, $"{updates} content updates");
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(FakeAnthropicUpstream.InputTokens + FakeAnthropicUpstream.CacheCreationTokens + FakeAnthropicUpstream.CacheReadTokens, usage.InputTokenCount);
        Assert.Equal(FakeAnthropicUpstream.CacheReadTokens, usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(FakeAnthropicUpstream.OutputTokens, usage.OutputTokenCount);
        using var sent = gateway.Upstream.LastRequest(prompt);
        Assert.True(sent.RootElement.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Streamed_tool_use_arguments_are_filtered_across_events_and_no_piece_of_the_secret_leaves()
    {
        var call = await LookupTool.StreamAsync(gateway.CreateSdkChatClient(), FakeAnthropicUpstream.Prompt("tools"));

        Assert.Equal(("toolu_1", "lookup"), (call.Id, call.Name));
        Assert.Equal(ChatFinishReason.ToolCalls, call.Finish);
        Assert.DoesNotContain(call.ArgumentPieces, piece => piece.Contains(FakeOpenAiUpstream.Secret[..10], StringComparison.Ordinal) || piece.Contains(FakeOpenAiUpstream.Secret[10..], StringComparison.Ordinal));
        using var arguments = JsonDocument.Parse(call.Arguments);
        Assert.Equal(Redacted, arguments.RootElement.GetProperty("key").GetString());
    }

    [Fact]
    public async Task A_secret_in_anthropics_answer_is_redacted_whole_and_streamed_across_events()
    {
        var chat = gateway.CreateSdkChatClient();

        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage(FakeAnthropicUpstream.Prompt("secret"))]);
        Assert.Equal($"Here is the key {Redacted} you asked for.", whole.Content[0].Text);

        var pieces = new List<string>();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(FakeAnthropicUpstream.Prompt("secret"))]))
        {
            foreach (var part in update.ContentUpdate)
            {
                pieces.Add(part.Text);
            }
        }

        Assert.Equal($"Here is the key {Redacted} you asked for.", string.Concat(pieces));
        Assert.DoesNotContain(pieces, piece => piece.Contains(FakeOpenAiUpstream.Secret[..8], StringComparison.Ordinal) || piece.Contains(FakeOpenAiUpstream.Secret[8..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_400_from_anthropic_comes_back_as_a_400_in_openais_shape_filtered_and_without_a_fallback()
    {
        var prompt = FakeAnthropicUpstream.Prompt("400");
        using var client = gateway.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", $$"""{"model":"gpt-test","messages":[{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]}""");

        var error = (await response.ReadJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal($"tools.0.name: '{Redacted}' does not match the pattern.", error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(1, gateway.Upstream.Attempts(prompt));
        Assert.DoesNotContain(FakeOpenAiUpstream.Secret, gateway.Logs.Text, StringComparison.Ordinal);

        var streamed = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var update in gateway.CreateSdkChatClient().CompleteChatStreamingAsync([new UserChatMessage(FakeAnthropicUpstream.Prompt("400"))]))
            {
            }
        });
        Assert.Equal(400, streamed.Status);
    }

    [Fact]
    public async Task A_request_anthropic_cannot_be_asked_is_the_clients_400_naming_the_field_and_is_never_sent()
    {
        var prompt = FakeAnthropicUpstream.Prompt("ok");
        using var client = gateway.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", $$"""{"model":"gpt-test","n":2,"messages":[{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]}""");

        var error = (await response.ReadJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal("n", error.GetProperty("param").GetString());
        Assert.Equal(0, gateway.Upstream.Attempts(prompt));
    }

    [Theory]
    [InlineData("529")]
    [InlineData("500")]
    public async Task An_overloaded_or_failing_anthropic_is_retried_then_the_next_provider_answers(string scenario)
    {
        var prompt = FakeAnthropicUpstream.Prompt(scenario);
        using var client = gateway.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", $$"""{"model":"gpt-test","messages":[{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]}""");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("local", response.Headers.GetValues("X-Gateway-Provider").Single());
        Assert.True(body.GetProperty("gateway").GetProperty("fallback").GetBoolean());
        Assert.Equal(2, gateway.Upstream.Attempts(prompt));
        Assert.Contains($"Provider fallback: anthropic failed (anthropic: HTTP {scenario})", gateway.Logs.Text, StringComparison.Ordinal);

        var streamPrompt = FakeAnthropicUpstream.Prompt(scenario);
        var text = new StringBuilder();
        await foreach (var update in gateway.CreateSdkChatClient().CompleteChatStreamingAsync([new UserChatMessage(streamPrompt)]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.StartsWith("[local provider: offline", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, gateway.Upstream.Attempts(streamPrompt));
    }

    [Theory]
    [InlineData("cut")]
    [InlineData("error-event")]
    public async Task A_stream_anthropic_breaks_off_mid_way_ends_with_the_gateways_error_event_and_no_DONE(string scenario)
    {
        using var client = gateway.CreateUserClient();

        var (body, headers) = await OpenAiSdkTests.ReadStreamAsync(client, FakeAnthropicUpstream.Prompt(scenario));

        // The stream had begun from anthropic (no fallback is possible after the first piece).
        Assert.Equal("anthropic", headers.GetValues("X-Gateway-Provider").Single());
        Assert.True(body.Contains("\"code\":\"provider_unavailable\"", StringComparison.Ordinal), body);
        Assert.DoesNotContain("[DONE]", body, StringComparison.Ordinal);
        Assert.DoesNotContain("scripted upstream failure", body, StringComparison.Ordinal);
        Assert.DoesNotContain("scripted upstream failure", gateway.Logs.Text, StringComparison.Ordinal);
    }
}

/// <summary>Anthropic as a deployment of the model catalogue: the public model name routed to it, asked for by its upstream name.</summary>
public sealed class AnthropicCatalogueTests(AnthropicCatalogueGatewayApiFactory gateway) : IClassFixture<AnthropicCatalogueGatewayApiFactory>
{
    [Fact]
    public async Task A_catalogue_model_deployed_on_anthropic_is_asked_for_by_its_upstream_name_and_other_models_are_unknown()
    {
        var prompt = FakeAnthropicUpstream.Prompt("ok");

        ChatCompletion answer = await gateway.CreateSdkChatClient(AnthropicCatalogueGatewayApiFactory.PublicModel).CompleteChatAsync([new UserChatMessage(prompt)]);

        Assert.Equal(FakeAnthropicUpstream.AnswerText, answer.Content[0].Text);
        using (var sent = gateway.Upstream.LastRequest(prompt))
        {
            Assert.Equal(AnthropicCatalogueGatewayApiFactory.UpstreamModel, sent.RootElement.GetProperty("model").GetString());
        }

        var unknown = FakeAnthropicUpstream.Prompt("ok");
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => gateway.CreateSdkChatClient("gpt-test").CompleteChatAsync([new UserChatMessage(unknown)]));
        Assert.Equal(404, refused.Status);
        Assert.Equal(0, gateway.Upstream.Attempts(unknown));
    }
}
