using System.Net;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// Who shares a cached answer (the policy's cache.scope), the client's user field in the key, and Cache-Control: no-cache,
/// which must never let one caller replace the answer others are served. On a gateway of its own (it changes the policy).
/// </summary>
public sealed class CacheScopeTests(UpstreamGatewayApiFactory factory) : IClassFixture<UpstreamGatewayApiFactory>
{
    [Fact]
    public async Task NoCache_UnderTheDefaultRoleScope_DoesNotStoreItsAnswerForTheOthersOfTheRole()
    {
        await SetScopeAsync(null);
        var prompt = FakeOpenAiUpstream.Prompt("ok", "Re-roll the shared answer");
        using var mallory = factory.CreateUserClient();
        using var alice = factory.CreateUserClient();

        using var rerolled = await AskAsync(mallory, prompt, noCache: true);
        using var served = await AskAsync(alice, prompt);

        Assert.Equal("BYPASS", rerolled.SingleHeader("X-Cache"));
        Assert.Equal("MISS", served.SingleHeader("X-Cache"));
        Assert.Equal(2, factory.Upstream.Attempts(prompt));
    }

    [Fact]
    public async Task RoleScope_SameConversationFromAnotherUserOfTheRole_Hit()
    {
        await SetScopeAsync("role");
        var prompt = FakeOpenAiUpstream.Prompt("ok", "Shared within the role");
        using var alice = factory.CreateUserClient();
        using var bob = factory.CreateUserClient();

        using var first = await AskAsync(alice, prompt);
        using var second = await AskAsync(bob, prompt);

        Assert.Equal("MISS", first.SingleHeader("X-Cache"));
        Assert.Equal("HIT", second.SingleHeader("X-Cache"));
    }

    [Fact]
    public async Task UserScope_EachCallerHasTheirOwnEntry_AndNoCacheRefreshesOnlyTheirs()
    {
        await SetScopeAsync("user");
        var prompt = FakeOpenAiUpstream.Prompt("ok", "Private to each caller");
        using var alice = factory.CreateUserClient();
        using var bob = factory.CreateUserClient();

        using var aliceFirst = await AskAsync(alice, prompt);
        using var bobFirst = await AskAsync(bob, prompt);
        using var aliceRefresh = await AskAsync(alice, prompt, noCache: true);
        using var aliceAgain = await AskAsync(alice, prompt);
        using var bobAgain = await AskAsync(bob, prompt);

        Assert.Equal(["MISS", "MISS", "BYPASS", "HIT", "HIT"], new[] { aliceFirst, bobFirst, aliceRefresh, aliceAgain, bobAgain }.Select(r => r.SingleHeader("X-Cache")));
        Assert.Equal(3, factory.Upstream.Attempts(prompt));
    }

    [Fact]
    public async Task GlobalScope_AnAdminIsServedTheAnswerAUserCached()
    {
        await SetScopeAsync("global");
        var prompt = FakeOpenAiUpstream.Prompt("ok", "Shared by everyone");
        using var user = factory.CreateUserClient();
        using var admin = factory.CreateAdminClient();

        using var first = await AskAsync(user, prompt);
        using var second = await AskAsync(admin, prompt);

        Assert.Equal("MISS", first.SingleHeader("X-Cache"));
        Assert.Equal("HIT", second.SingleHeader("X-Cache"));
    }

    [Fact]
    public async Task UserField_IsPartOfTheKey()
    {
        await SetScopeAsync(null);
        var prompt = FakeOpenAiUpstream.Prompt("ok", "One conversation, two end users");
        using var app = factory.CreateUserClient();

        using var forCustomer1 = await AskAsync(app, prompt, endUser: "customer-1");
        using var forCustomer2 = await AskAsync(app, prompt, endUser: "customer-2");
        using var forCustomer1Again = await AskAsync(app, prompt, endUser: "customer-1");

        Assert.Equal(["MISS", "MISS", "HIT"], new[] { forCustomer1, forCustomer2, forCustomer1Again }.Select(r => r.SingleHeader("X-Cache")));
    }

    /// <param name="scope">null: the scope left out of the document, which is role.</param>
    private async Task SetScopeAsync(string? scope)
    {
        using var admin = factory.CreateAdminClient();
        using var response = await admin.PatchPolicyAsync(scope is null ? """{"cache": null}""" : "{\"cache\": {\"scope\": \"" + scope + "\"}}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> AskAsync(HttpClient client, string prompt, bool noCache = false, string? endUser = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new Dictionary<string, object?>
            {
                ["model"] = UpstreamGatewayApiFactory.UpstreamModel,
                ["messages"] = new[] { new { role = "user", content = prompt } },
                ["user"] = endUser,
            }),
        };
        if (noCache)
        {
            request.Headers.TryAddWithoutValidation("Cache-Control", "no-cache");
        }

        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response;
    }
}
