using System.Net;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// OpenAI's user field: capped at 256 characters, and by default replaced on its way to the provider by a stable pseudonym
/// of the authenticated caller, so the provider's abuse monitoring sees one id per real caller, whatever a client claims.
/// </summary>
public sealed class EndUserFieldTests(UpstreamGatewayApiFactory factory) : IClassFixture<UpstreamGatewayApiFactory>
{
    [Fact]
    public async Task ChatCompletions_UserOver256Characters_400InOpenAisShapeNamingUser()
    {
        using var client = factory.CreateUserClient();
        var prompt = FakeOpenAiUpstream.Prompt("ok");

        using var response = await AskAsync(client, prompt, new string('u', 257));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.ReadJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal("user", error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(0, factory.Upstream.Attempts(prompt));
    }

    [Fact]
    public async Task ChatCompletions_UserOf256Characters_Accepted()
    {
        using var client = factory.CreateUserClient();

        using var response = await AskAsync(client, FakeOpenAiUpstream.Prompt("ok"), new string('u', 256));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ChatCompletions_ProviderReceivesOnePseudonymPerCaller_NeverTheClaimedUser()
    {
        using var alice = factory.CreateUserClient();
        using var bob = factory.CreateUserClient();
        var (alice1, alice2, bob1) = (FakeOpenAiUpstream.Prompt("ok"), FakeOpenAiUpstream.Prompt("ok"), FakeOpenAiUpstream.Prompt("ok"));

        (await AskAsync(alice, alice1, "ceo@example.com")).Dispose();
        (await AskAsync(alice, alice2, "someone-else")).Dispose();
        (await AskAsync(bob, bob1, "ceo@example.com")).Dispose();

        var sentForAlice = SentUser(alice1);
        Assert.Matches("^gw-[0-9a-f]{32}$", sentForAlice);
        Assert.Equal(sentForAlice, SentUser(alice2));
        Assert.NotEqual(sentForAlice, SentUser(bob1));
    }

    [Fact]
    public async Task Generate_ProviderReceivesTheCallersPseudonym()
    {
        using var alice = factory.CreateUserClient();
        var (viaChat, viaGenerate) = (FakeOpenAiUpstream.Prompt("ok"), FakeOpenAiUpstream.Prompt("ok"));

        (await AskAsync(alice, viaChat, endUser: null)).Dispose();
        using var generated = await alice.PostGenerateAsync(viaGenerate);

        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.Matches("^gw-[0-9a-f]{32}$", SentUser(viaGenerate));
        Assert.Equal(SentUser(viaChat), SentUser(viaGenerate));
    }

    private string? SentUser(string prompt)
    {
        using var request = factory.Upstream.LastRequest(prompt);
        return request.RootElement.TryGetProperty("user", out var user) ? user.GetString() : null;
    }

    internal static Task<HttpResponseMessage> AskAsync(HttpClient client, string prompt, string? endUser) =>
        client.PostAsJsonAsync("/v1/chat/completions", new Dictionary<string, object?>
        {
            ["model"] = UpstreamGatewayApiFactory.UpstreamModel,
            ["messages"] = new[] { new { role = "user", content = prompt } },
            ["user"] = endUser,
        });
}

/// <summary>END_USER_ID=forward: the provider receives the client's user field as sent.</summary>
public sealed class ForwardedEndUserFieldTests(ForwardEndUserGatewayApiFactory factory) : IClassFixture<ForwardEndUserGatewayApiFactory>
{
    [Fact]
    public async Task ChatCompletions_ForwardConfigured_ProviderReceivesTheClientsValue()
    {
        using var client = factory.CreateUserClient();
        var prompt = FakeOpenAiUpstream.Prompt("ok");

        (await EndUserFieldTests.AskAsync(client, prompt, "customer-42")).Dispose();

        using var sent = factory.Upstream.LastRequest(prompt);
        Assert.Equal("customer-42", sent.RootElement.GetProperty("user").GetString());
    }
}
