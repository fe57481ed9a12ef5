using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;
using OpenAI.Chat;
using OpenAI.Models;

namespace LlmGateway.IntegrationTests.OpenAi;

/// <summary>
/// Routing by model, driven through the official OpenAI .NET SDK against three fake upstreams that record what each
/// received: only a model's own deployments are asked, by weight, then its fallback models in order.
/// </summary>
public sealed class ModelRoutingTests(RoutingGatewayApiFactory gateway) : IClassFixture<RoutingGatewayApiFactory>
{
    [Fact]
    public async Task A_request_for_a_model_reaches_only_the_deployment_that_serves_it_under_its_upstream_name()
    {
        var prompt = FakeOpenAiUpstream.Prompt("ok");

        var result = await gateway.CreateSdkChatClient(model: "gpt-4o-mini").CompleteChatAsync([new UserChatMessage(prompt)]);

        Assert.Equal((0, 0, 1), gateway.Attempts(prompt));
        using var sent = gateway.Mini.LastRequest(prompt);
        Assert.Equal(RoutingGatewayApiFactory.MiniModel, sent.RootElement.GetProperty("model").GetString());
        Assert.Equal(FakeOpenAiUpstream.AnswerText, result.Value.Content[0].Text);
        Assert.Equal("gpt-4o-mini", Header(result, "X-Gateway-Model"));
        Assert.Equal("mini", Header(result, "X-Gateway-Provider"));
    }

    [Fact]
    public async Task An_alias_is_served_by_its_models_deployments_and_reported_under_the_models_name()
    {
        var prompt = FakeOpenAiUpstream.Prompt("ok");

        var result = await gateway.CreateSdkChatClient(model: "gpt4o").CompleteChatAsync([new UserChatMessage(prompt)]);

        var (east, west, mini) = gateway.Attempts(prompt);
        Assert.Equal((1, 0), (east + west, mini));
        var sent = east == 1 ? gateway.East.LastRequest(prompt) : gateway.West.LastRequest(prompt);
        Assert.Equal(east == 1 ? RoutingGatewayApiFactory.EastModel : RoutingGatewayApiFactory.WestModel, sent.RootElement.GetProperty("model").GetString());
        sent.Dispose();
        Assert.Equal("gpt-4o", Header(result, "X-Gateway-Model"));
    }

    [Fact]
    public async Task Weights_split_a_models_traffic_roughly_as_configured()
    {
        var chat = gateway.CreateSdkChatClient(model: "gpt-4o");
        const int Requests = 80;
        var east = 0;
        var west = 0;
        for (var i = 0; i < Requests; i++)
        {
            var prompt = FakeOpenAiUpstream.Prompt("ok");
            await chat.CompleteChatAsync([new UserChatMessage(prompt)]);

            // The deployment asked first is the weighted pick; a retry after a slow attempt (the fixture's timeout is
            // one second) goes to the other one and is not a pick.
            var atEast = gateway.East.FirstArrival(prompt);
            var atWest = gateway.West.FirstArrival(prompt);
            Assert.True(atEast is not null || atWest is not null, "Neither deployment of gpt-4o was asked.");
            if (atWest is null || atEast < atWest)
            {
                east++;
            }
            else
            {
                west++;
            }
        }

        // Weight 3 to 1: 60 of 80 expected at east; 45..75 is more than four standard deviations (3.9) either side.
        Assert.InRange(east, 45, 75);
    }

    [Fact]
    public async Task When_every_deployment_of_a_model_fails_its_fallbacks_are_tried_in_order_and_the_answer_names_the_model_used()
    {
        var prompt = FakeOpenAiUpstream.Prompt("500@east+west");
        using var client = gateway.CreateUserClient();

        using var response = await client.PostRawJsonAsync("/v1/chat/completions", ChatBody("gpt-4o", prompt));

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("gpt-4o-mini", response.Headers.GetValues("X-Gateway-Model").Single());
        Assert.Equal("mini", body.GetProperty("gateway").GetProperty("provider").GetString());
        Assert.True(body.GetProperty("gateway").GetProperty("fallback").GetBoolean());
        var (east, west, mini) = gateway.Attempts(prompt);
        Assert.True(east >= 1 && west >= 1 && mini == 1, $"east {east}, west {west}, mini {mini}");
        Assert.True(gateway.Mini.FirstArrival(prompt) > Math.Max(gateway.East.FirstArrival(prompt)!.Value, gateway.West.FirstArrival(prompt)!.Value), "The fallback model was asked before the model's own deployments had failed.");
    }

    [Fact]
    public async Task When_the_fallback_model_fails_too_the_local_provider_ends_the_chain()
    {
        var prompt = FakeOpenAiUpstream.Prompt("500");

        var result = await gateway.CreateSdkChatClient(model: "gpt-4o").CompleteChatAsync([new UserChatMessage(prompt)]);

        Assert.Equal("local-echo", Header(result, "X-Gateway-Model"));
        Assert.Equal("local-echo", result.Value.Model);
        Assert.StartsWith("[local provider: offline", result.Value.Content[0].Text, StringComparison.Ordinal);
        var (east, west, mini) = gateway.Attempts(prompt);
        Assert.True(east >= 1 && west >= 1 && mini >= 1, $"east {east}, west {west}, mini {mini}");
    }

    [Fact]
    public async Task A_stream_whose_model_fails_before_its_first_chunk_is_served_by_the_fallback_model()
    {
        var prompt = FakeOpenAiUpstream.Prompt("hang@east+west");
        var text = new System.Text.StringBuilder();

        await foreach (var update in gateway.CreateSdkChatClient(model: "gpt-4o").CompleteChatStreamingAsync([new UserChatMessage(prompt)]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal(FakeOpenAiUpstream.AnswerText, text.ToString());
        Assert.Equal(1, gateway.Mini.Attempts(prompt));
    }

    [Fact]
    public async Task An_upstream_400_comes_back_as_400_and_neither_another_deployment_nor_a_fallback_is_tried()
    {
        var prompt = FakeOpenAiUpstream.Prompt("400");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => gateway.CreateSdkChatClient(model: "gpt-4o").CompleteChatAsync([new UserChatMessage(prompt)]));

        Assert.Equal(400, error.Status);
        var (east, west, mini) = gateway.Attempts(prompt);
        Assert.Equal((1, 0), (east + west, mini));
        var body = error.GetRawResponse()!.Content.ToString();
        Assert.Contains("\"param\":\"tools[0].function.name\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeOpenAiUpstream.Secret, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_the_catalogue_does_not_have_is_a_404_naming_model_and_reaches_no_upstream()
    {
        var prompt = FakeOpenAiUpstream.Prompt("ok");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => gateway.CreateSdkChatClient(model: "gpt-4.5-imaginary").CompleteChatAsync([new UserChatMessage(prompt)]));

        Assert.Equal(404, error.Status);
        Assert.Contains("\"param\":\"model\"", error.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), gateway.Attempts(prompt));
    }

    [Fact]
    public async Task The_model_list_is_the_catalogues_names_and_aliases_narrowed_by_the_api_keys_models()
    {
        using var admin = gateway.CreateAdminClient();
        var userId = await admin.CreateUserAsync();
        using var minted = await admin.PostAsJsonAsync("/admin/keys", new { user_id = userId, name = "mini only", models = new[] { "gpt-4o-mini", "not-in-the-catalogue" } });
        var key = (await minted.ReadJsonAsync(HttpStatusCode.Created)).Key();

        var everything = await Models(gateway.TokenFor(GatewayApiFactory.NewUserId(), "user")).GetModelsAsync();
        var restricted = Models(key);
        var listed = await restricted.GetModelsAsync();

        Assert.Equal(["gpt-4o", "gpt4o", "gpt-4o-mini", "local-echo"], everything.Value.Select(m => m.Id));
        Assert.Equal(["east", "east", "mini", "local"], everything.Value.Select(m => m.OwnedBy));
        Assert.Equal(["gpt-4o-mini"], listed.Value.Select(m => m.Id));
        Assert.Equal("gpt-4o-mini", (await restricted.GetModelAsync("gpt-4o-mini")).Value.Id);
        var hidden = await Assert.ThrowsAsync<ClientResultException>(() => restricted.GetModelAsync("gpt-4o"));
        Assert.Equal(404, hidden.Status);
    }

    private OpenAIModelClient Models(string bearer) => new(new ApiKeyCredential(bearer), new OpenAI.OpenAIClientOptions
    {
        Endpoint = new Uri(gateway.Server.BaseAddress, "/v1"),
        Transport = new HttpClientPipelineTransport(gateway.CreateClient()),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    private static string? Header<T>(ClientResult<T> result, string name) =>
        result.GetRawResponse().Headers.TryGetValue(name, out var value) ? value : null;

    internal static string ChatBody(string model, string prompt) =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":{{System.Text.Json.JsonSerializer.Serialize(prompt)}}}]}""";
}

/// <summary>Breakers per deployment: its own gateway, since it opens one on purpose.</summary>
public sealed class DeploymentBreakerTests(RoutingBreakerGatewayApiFactory gateway) : IClassFixture<RoutingBreakerGatewayApiFactory>
{
    [Fact]
    public async Task One_deployments_open_breaker_leaves_the_other_deployments_of_its_provider_and_model_alone()
    {
        using var client = gateway.CreateUserClient();
        var failed = 0;
        for (var i = 0; i < 2; i++)
        {
            // Two requests of two attempts each (one retry): four failed calls open alpha's breaker.
            var prompt = FakeOpenAiUpstream.Prompt("500");
            using var failing = await client.PostRawJsonAsync("/v1/chat/completions", ModelRoutingTests.ChatBody("alpha", prompt));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
            failed += gateway.East.Attempts(prompt);
        }

        Assert.Equal(4, failed);
        Assert.Contains("Provider east:alpha-upstream: circuit breaker opened after HTTP 500", gateway.Logs.Text, StringComparison.Ordinal);

        // alpha's deployment is refused at once, without reaching east.
        var skipped = FakeOpenAiUpstream.Prompt("ok");
        using var refused = await client.PostRawJsonAsync("/v1/chat/completions", ModelRoutingTests.ChatBody("alpha", skipped));
        var error = (await refused.ReadJsonAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("error");
        Assert.Contains("circuit open", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, gateway.East.Attempts(skipped));

        // beta is another deployment of the same provider: its breaker is closed and east answers it.
        var beta = FakeOpenAiUpstream.Prompt("ok");
        var answer = await gateway.CreateSdkChatClient(model: "beta").CompleteChatAsync([new UserChatMessage(beta)]);
        Assert.Equal(FakeOpenAiUpstream.AnswerText, answer.Value.Content[0].Text);
        Assert.Equal(1, gateway.East.Attempts(beta));
        using (var sent = gateway.East.LastRequest(beta))
        {
            Assert.Equal("beta-upstream", sent.RootElement.GetProperty("model").GetString());
        }

        // duo shares alpha's deployment and has one on west: the open one is skipped, west serves every request.
        for (var i = 0; i < 10; i++)
        {
            var duo = FakeOpenAiUpstream.Prompt("ok");
            using var served = await client.PostRawJsonAsync("/v1/chat/completions", ModelRoutingTests.ChatBody("duo", duo));
            var body = await served.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("west", body.GetProperty("gateway").GetProperty("provider").GetString());
            Assert.False(body.GetProperty("gateway").GetProperty("fallback").GetBoolean());
            Assert.Equal((0, 1), (gateway.East.Attempts(duo), gateway.West.Attempts(duo)));
        }
    }
}

/// <summary>
/// A deployment's chat and embeddings have a breaker each, through the official OpenAI .NET SDK: a burst of failing calls
/// of one kind opens its breaker only. Its own gateway, since it opens breakers on purpose; alpha's and beta's deployments
/// are apart, so the two tests do not meet.
/// </summary>
public sealed class EmbeddingsBreakerTests(RoutingBreakerGatewayApiFactory gateway) : IClassFixture<RoutingBreakerGatewayApiFactory>
{
    [Fact]
    public async Task GenerateEmbeddings_UpstreamFailsUntilTheBreakerOpens_ChatOnTheSameDeploymentStillServed()
    {
        var embeddings = gateway.CreateSdkEmbeddingClient("alpha");
        var failed = 0;
        for (var i = 0; i < 2; i++)
        {
            // Two requests of two attempts each (one retry): four failed calls open alpha's embeddings breaker.
            var input = FakeOpenAiUpstream.Prompt("500");
            var error = await Assert.ThrowsAsync<ClientResultException>(() => embeddings.GenerateEmbeddingAsync(input));
            Assert.Equal((int)HttpStatusCode.ServiceUnavailable, error.Status);
            failed += gateway.East.Attempts(input);
        }

        Assert.Equal(4, failed);
        Assert.Contains("Provider east:alpha-upstream (embeddings): circuit breaker opened after HTTP 500", gateway.Logs.Text, StringComparison.Ordinal);
        var skipped = FakeOpenAiUpstream.Prompt("ok");
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => embeddings.GenerateEmbeddingAsync(skipped));
        Assert.Equal((int)HttpStatusCode.ServiceUnavailable, refused.Status);
        using (var body = System.Text.Json.JsonDocument.Parse(refused.GetRawResponse()!.Content))
        {
            Assert.Contains("circuit open", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, gateway.East.Attempts(skipped));

        // Chat on the same deployment has a breaker of its own, still closed: east answers it.
        var prompt = FakeOpenAiUpstream.Prompt("ok");
        ChatCompletion answer = await gateway.CreateSdkChatClient(model: "alpha").CompleteChatAsync([new UserChatMessage(prompt)]);
        Assert.Equal(FakeOpenAiUpstream.AnswerText, answer.Content[0].Text);
        Assert.Equal(1, gateway.East.Attempts(prompt));
    }

    [Fact]
    public async Task CompleteChat_UpstreamFailsUntilTheBreakerOpens_EmbeddingsOnTheSameDeploymentStillServed()
    {
        var chat = gateway.CreateSdkChatClient(model: "beta");
        for (var i = 0; i < 2; i++)
        {
            var prompt = FakeOpenAiUpstream.Prompt("500");
            var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage(prompt)]));
            Assert.Equal((int)HttpStatusCode.ServiceUnavailable, error.Status);
        }

        Assert.Contains("Provider east:beta-upstream: circuit breaker opened after HTTP 500", gateway.Logs.Text, StringComparison.Ordinal);
        var skipped = FakeOpenAiUpstream.Prompt("ok");
        await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage(skipped)]));
        Assert.Equal(0, gateway.East.Attempts(skipped));

        // Embeddings on the same deployment go on reaching east, under the deployment's upstream model.
        var input = FakeOpenAiUpstream.Prompt("ok");
        var embedding = await gateway.CreateSdkEmbeddingClient("beta").GenerateEmbeddingAsync(input);
        Assert.Equal(FakeOpenAiUpstream.Embedding, embedding.Value.ToFloats().ToArray());
        Assert.Equal(1, gateway.East.Attempts(input));
        using var sent = gateway.East.LastRequest(input);
        Assert.Equal("beta-upstream", sent.RootElement.GetProperty("model").GetString());
    }
}
