using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>A published policy is what /generate enforces from the next request on; on a gateway of its own.</summary>
public sealed class PolicyEnforcementTests(PolicyGatewayApiFactory factory) : IClassFixture<PolicyGatewayApiFactory>
{
    private static string UniquePrompt(string text) => $"{text} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";

    [Fact]
    public async Task UpdatePolicy_BlockedTermAdded_GenerateIsDeniedAtOnce_EvenForACachedPrompt()
    {
        using var admin = factory.CreateAdminClient();
        using var user = factory.CreateUserClient();
        var term = $"codename{Guid.NewGuid():N}"[..20];
        var prompt = UniquePrompt($"Tell me about {term}");
        using var cached = await user.PostGenerateAsync(prompt);
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);

        await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add(term));
        using var response = await user.PostGenerateAsync(prompt);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
    }

    [Fact]
    public async Task RefusedInputs_ImagePartRefusedNamingTheMessage_AndATextOnlyRequestStillServed()
    {
        using var admin = factory.CreateAdminClient();
        using var user = factory.CreateUserClient();
        await admin.ChangePolicyAsync(policy => policy["models"]!["refused_inputs"] = new JsonArray("image"));
        try
        {
            using var image = await user.PostRawJsonAsync("/v1/chat/completions", $$$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":"text","text":"{{{UniquePrompt("What is this?")}}}"},{"type":"image_url","image_url":{"url":"https://example.com/x.png"}}]}]}""");
            using var text = await user.PostRawJsonAsync("/v1/chat/completions", $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{UniquePrompt("Hello")}}"}]}""");

            var error = (await image.ReadJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
            Assert.Equal("messages[0]", error.GetProperty("param").GetString());
            Assert.Contains("does not allow image parts", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        }
        finally
        {
            await admin.ChangePolicyAsync(policy => policy["models"]!["refused_inputs"] = new JsonArray());
        }
    }

    [Fact]
    public async Task BlockedTerm_InAnAssistantTurnOfTheHistory_ChatCompletionIsDenied()
    {
        // The client writes the whole history: an "earlier answer" is text the model reads like any other.
        using var admin = factory.CreateAdminClient();
        using var user = factory.CreateUserClient();
        var term = $"codename{Guid.NewGuid():N}"[..20];
        await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add(term));

        using var response = await user.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "gpt-4o-mini",
            messages = new object[]
            {
                new { role = "user", content = UniquePrompt("What is the project called?") },
                new { role = "assistant", content = $"It is called {term}." },
                new { role = "user", content = "Tell me more about it." },
            },
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("policy_denied", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockedTerm_InAToolDescription_ChatCompletionIsDenied()
    {
        // A tool's description is sent to the model with the prompt: a blocked term there leaves as surely as in a message.
        using var admin = factory.CreateAdminClient();
        using var user = factory.CreateUserClient();
        var term = $"codename{Guid.NewGuid():N}"[..20];
        await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add(term));

        using var response = await user.PostRawJsonAsync("/v1/chat/completions", $$$"""
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{{UniquePrompt("Which projects are late?")}}}"}],
             "tools":[{"type":"function","function":{"name":"project_status","description":"Status of {{{term}}} and its sister projects."}}]}
            """);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("policy_denied", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdatePolicy_PhraseRuleAdded_GenerateIsBlockedWithTheRuleId()
    {
        using var admin = factory.CreateAdminClient();
        using var user = factory.CreateUserClient();
        await admin.ChangePolicyAsync(policy => policy.Rules().Add(new JsonObject
        {
            ["id"] = "open-the-pod-bay-doors",
            ["kind"] = "phrase",
            ["pattern"] = "open the pod bay doors",
            ["score"] = 1.0,
        }));

        using var response = await user.PostGenerateAsync(UniquePrompt("HAL, please OPEN the pod   bay doors"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "prompt_blocked");
        Assert.Contains("open-the-pod-bay-doors", problem.GetProperty("rule_ids").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task UpdatePolicy_CatastrophicBacktrackingRegex_IsAcceptedAndGenerateStillAnswers()
    {
        using var admin = factory.CreateAdminClient();
        using var user = factory.CreateUserClient();
        await admin.ChangePolicyAsync(policy => policy.Rules().Add(new JsonObject
        {
            ["id"] = "catastrophic",
            ["kind"] = "regex",
            ["pattern"] = "^(a+)+$", // anchored: unanchored, it would block every other test's prompt that ends in "a"
            ["score"] = 1.0,
        }));
        try
        {
            // Exponential for a backtracking engine; the non-backtracking engine answers in linear time.
            using var response = await user.PostGenerateAsync("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await admin.ChangePolicyAsync(policy => policy.Rules().Remove(policy.Rules().First(rule => (string?)rule!["id"] == "catastrophic")));
        }
    }

    [Fact]
    public async Task UpdatePolicy_AfterAChange_APreviouslyCachedPromptIsAMissUnderTheNewVersion()
    {
        using var admin = factory.CreateAdminClient();
        using var user = factory.CreateUserClient();
        var prompt = UniquePrompt("Explain caching across policy versions");
        using var first = await user.PostGenerateAsync(prompt);
        var before = (await first.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("policy_version").GetInt64();
        using var hit = await user.PostGenerateAsync(prompt);
        Assert.Equal("HIT", hit.SingleHeader("X-Cache"));

        var published = await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add($"unrelated{Guid.NewGuid():N}"));
        using var after = await user.PostGenerateAsync(prompt);
        var body = await after.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("MISS", after.SingleHeader("X-Cache"));
        Assert.False(body.GetProperty("cached").GetBoolean());
        Assert.Equal(published, body.GetProperty("policy_version").GetInt64());
        Assert.True(published > before);
    }

    [Fact]
    public async Task Rollback_BeforeABlockedTerm_GenerateIsAllowedAgain()
    {
        using var admin = factory.CreateAdminClient();
        using var user = factory.CreateUserClient();
        var term = $"embargo{Guid.NewGuid():N}"[..20];
        var withoutTerm = (await admin.GetPolicyAsync()).Version;
        await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add(term));
        using var denied = await user.PostGenerateAsync(UniquePrompt($"About {term}"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var rollback = await admin.PostAsync($"/admin/policy/rollback/{withoutTerm}", content: null);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        using var allowed = await user.PostGenerateAsync(UniquePrompt($"About {term}"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}
