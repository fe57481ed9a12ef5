using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>GET/PUT /admin/policy, history and rollback, on a gateway of their own (they change the live policy).</summary>
public sealed class PolicyAdminTests(PolicyGatewayApiFactory factory) : IClassFixture<PolicyGatewayApiFactory>
{
    [Fact]
    public async Task GetPolicy_AsAdmin_ReturnsTheLiveVersionWithAStrongETag()
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.GetAsync("/admin/policy");
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        var version = body.GetProperty("version").GetInt64();
        Assert.True(version >= 1);
        Assert.Equal($"\"{version}\"", response.SingleHeader("ETag"));
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("updated_by").GetString()));
        Assert.True(body.GetProperty("updated_at").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        Assert.Equal("enforce", body.GetProperty("policy").GetProperty("mode").GetString());
        Assert.True(response.Headers.CacheControl?.NoStore, "Admin answers must carry Cache-Control: no-store.");
    }

    [Fact]
    public async Task UpdatePolicy_WithMatchingIfMatch_PublishesTheNextVersionWithItsETag()
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();
        live.Policy.BlockedTerms().Add("matching-if-match-term");

        using var response = await admin.PutPolicyAsync(live.Policy, live.ETag);
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(live.Version + 1, body.GetProperty("version").GetInt64());
        Assert.Equal(PolicyApi.Quoted(live.Version + 1), response.SingleHeader("ETag"));
        Assert.Contains("matching-if-match-term", body.GetProperty("policy").GetProperty("blocked_terms").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(live.Version + 1, (await admin.GetPolicyAsync()).Version);
    }

    [Fact]
    public async Task UpdatePolicy_SemanticSetting_PublishedAndReadBack()
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();
        live.Policy["prompt_inspection"]!["semantic"] = "uncertain";

        using var response = await admin.PutPolicyAsync(live.Policy, live.ETag);

        await response.ReadJsonAsync(HttpStatusCode.OK);
        var published = await admin.GetPolicyAsync();
        Assert.Equal("uncertain", published.Policy["prompt_inspection"]!["semantic"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    public async Task UpdatePolicy_WithoutIfMatchOrWithStar_PublishesOverAnyVersion(string? ifMatch)
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();

        using var response = await admin.PutPolicyAsync(live.Policy, ifMatch);

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(body.GetProperty("version").GetInt64() > live.Version);
    }

    [Fact]
    public async Task UpdatePolicy_WithStaleIfMatch_Returns412PreconditionFailedNamingTheLiveVersion()
    {
        using var admin = factory.CreateAdminClient();
        var stale = await admin.GetPolicyAsync();
        var live = await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add("someone-else-was-faster"));

        using var response = await admin.PutPolicyAsync(stale.Policy, stale.ETag);

        var problem = await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Contains($"version {live}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(live, (await admin.GetPolicyAsync()).Version);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"1")]
    [InlineData("\"1\" \"2\"")]
    [InlineData("\"1\", *")]
    public async Task UpdatePolicy_WithMalformedIfMatch_Returns400NamingTheHeader(string ifMatch)
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();

        using var response = await admin.PutPolicyAsync(live.Policy, ifMatch);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("If-Match").EnumerateArray());
        Assert.Equal(live.Version, (await admin.GetPolicyAsync()).Version);
    }

    /// <summary>RFC 9110 13.1.1: a well-formed entity tag that is not the current one — weak ones included — is 412, not 400.</summary>
    [Theory]
    [InlineData("W/{live}")]
    [InlineData("\"some-other-tag\"")]
    [InlineData("\"\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"0{version}\"")]
    [InlineData("W/{live}, \"999999\"")]
    public async Task UpdatePolicy_WithAValidTagThatIsNotTheCurrentOne_Returns412AndNothingChanges(string ifMatch)
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();
        var header = ifMatch.Replace("{live}", live.ETag, StringComparison.Ordinal).Replace("{version}", live.Version.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await admin.PutPolicyAsync(live.Policy, header);

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(live.Version, (await admin.GetPolicyAsync()).Version);
    }

    [Fact]
    public async Task UpdatePolicy_IfMatchListHoldingTheLiveTag_Published()
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();

        using var response = await admin.PutPolicyAsync(live.Policy, $"W/\"x\", \"999999\", {live.ETag}");

        Assert.Equal(live.Version + 1, (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task UpdatePolicy_GetEditPut_RoundTripChangesOnlyTheEdit()
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();
        var term = $"round-trip-{Guid.NewGuid():N}";
        var edited = live.Policy.DeepClone().AsObject();
        edited.BlockedTerms().Add(term);

        using var response = await admin.PutPolicyAsync(edited, live.ETag);

        var published = JsonNode.Parse((await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("policy").GetRawText())!;
        Assert.True(JsonNode.DeepEquals(edited, published), "The published document must be the edited one, field for field.");
        Assert.True(JsonNode.DeepEquals(edited, (await admin.GetPolicyAsync()).Policy));
    }

    [Fact]
    public async Task UpdatePolicy_TheWholeGetAnswerPutBack_Refused400NamingTheEnvelope_AndNothingChanges()
    {
        using var admin = factory.CreateAdminClient();
        using var get = await admin.GetAsync("/admin/policy");
        var envelope = JsonNode.Parse((await get.ReadJsonAsync(HttpStatusCode.OK)).GetRawText())!.AsObject();
        var live = await admin.GetPolicyAsync();
        envelope["policy"]!["blocked_terms"]!.AsArray().Add("edited-inside-the-envelope");

        using var response = await admin.PutPolicyRawAsync(envelope.ToJsonString(), live.ETag);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("policy").EnumerateArray()).GetString();
        Assert.Contains("envelope", message, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(live.Policy, (await admin.GetPolicyAsync()).Policy));
    }

    [Fact]
    public async Task UpdatePolicy_UnknownAndMisplacedFields_400ListingEachPath_AndNothingChanges()
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();
        var document = live.Policy.DeepClone().AsObject();
        document["blockedTerms"] = new JsonArray("camel-case");
        document["rules"] = new JsonArray();
        document["prompt_inspection"]!["rules"]![0]!["weight"] = 2;
        document["redaction"]!["detector"] = "all";

        using var response = await admin.PutPolicyAsync(document, live.ETag);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var paths = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["blockedTerms", "prompt_inspection.rules[0].weight", "redaction.detector", "rules"], paths);
        Assert.Contains("prompt_inspection", problem.GetProperty("errors").GetProperty("rules")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(live.Version, (await admin.GetPolicyAsync()).Version);
    }

    public static TheoryData<string, string> ProtectionOffEdits => new()
    {
        { """{"mode": "monitor"}""", "mode" },
        { """{"prompt_inspection": {"enabled": false}}""", "prompt_inspection.enabled" },
        { """{"prompt_inspection": {"rules": []}}""", "prompt_inspection.rules" },
        { """{"redaction": {"detectors": []}}""", "redaction.detectors" },
    };

    [Theory]
    [MemberData(nameof(ProtectionOffEdits))]
    public async Task PatchPolicy_SwitchingProtectionOffWithoutConfirmation_400NamingIt_AndNothingChanges(string patch, string field)
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();

        using var response = await admin.PatchPolicyAsync(patch, live.ETag);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Contains("confirm=protection_off", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(live.Version, (await admin.GetPolicyAsync()).Version);
    }

    [Fact]
    public async Task UpdatePolicy_GetEditPutWithInspectionOff_RefusedUnlessConfirmed_ThenPublishedAndLoggedAsAWarning()
    {
        var adminId = GatewayApiFactory.NewUserId();
        using var admin = factory.CreateClientFor(adminId, "admin");
        var live = await admin.GetPolicyAsync();
        var edited = live.Policy.DeepClone().AsObject();
        edited["prompt_inspection"]!["enabled"] = false;

        using var refused = await admin.PutPolicyAsync(edited, live.ETag);
        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        using var confirmed = await admin.PutPolicyAsync(edited, live.ETag, confirmProtectionOff: true);

        Assert.Equal(live.Version + 1, (await confirmed.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
        var warning = await factory.Logs.WaitForEventAsync(
            e => e.TryGetProperty("@m", out var m) && m.GetString()!.Contains("published by " + adminId + " switches protection off", StringComparison.Ordinal),
            "the warning about protection switched off");
        Assert.Equal("Warning", warning.GetProperty("@l").GetString());
        Assert.Contains("prompt_inspection.enabled", warning.GetProperty("@m").GetString(), StringComparison.Ordinal);

        using var restored = await admin.PatchPolicyAsync("""{"prompt_inspection": {"enabled": true}}""");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    [Fact]
    public async Task UpdatePolicy_UnknownConfirmValue_Returns400NamingConfirm()
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();

        using var request = new HttpRequestMessage(HttpMethod.Put, "/admin/policy?confirm=yes") { Content = new StringContent(live.Policy.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await admin.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("confirm").EnumerateArray());
    }

    [Fact]
    public async Task PatchPolicy_MergePatch_ChangesOnlyTheNamedFields()
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();

        using var response = await admin.PatchPolicyAsync("""{"models": {"allowed": ["patched-model"]}, "cache": {"scope": "user"}}""", live.ETag);

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(PolicyApi.Quoted(live.Version + 1), response.SingleHeader("ETag"));
        var expected = live.Policy.DeepClone().AsObject();
        expected["models"]!["allowed"] = new JsonArray("patched-model");
        expected["cache"]!["scope"] = "user";
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(body.GetProperty("policy").GetRawText())), "Only models.allowed and cache.scope may change.");

        using var restored = await admin.PatchPolicyAsync("""{"models": null, "cache": null}""");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    [Fact]
    public async Task PatchPolicy_UnknownFieldInThePatch_400NamingIt()
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();

        using var response = await admin.PatchPolicyAsync("""{"prompt_inspection": {"treshold": 2}, "bogus": null}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["bogus", "prompt_inspection.treshold"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(live.Version, (await admin.GetPolicyAsync()).Version);
    }

    [Fact]
    public async Task PatchPolicy_StaleIfMatch_Returns412()
    {
        using var admin = factory.CreateAdminClient();
        var stale = await admin.GetPolicyAsync();
        await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add("patched-meanwhile"));

        using var response = await admin.PatchPolicyAsync("""{"blocked_terms": ["x"]}""", stale.ETag);

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Fact]
    public async Task PatchPolicy_AsPlainJson_Returns415()
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();

        using var response = await admin.PatchPolicyAsync("""{"blocked_terms": ["x"]}""", contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(live.Version, (await admin.GetPolicyAsync()).Version);
    }

    [Fact]
    public async Task Rollback_ToAVersionWithProtectionOff_RefusedUnlessConfirmed()
    {
        using var admin = factory.CreateAdminClient();
        var monitor = await admin.ChangePolicyAsync(policy => policy["mode"] = "monitor", confirmProtectionOff: true);
        await admin.ChangePolicyAsync(policy => policy["mode"] = "enforce");

        using var refused = await admin.PostAsync($"/admin/policy/rollback/{monitor}", content: null);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["mode"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        using var confirmed = await admin.PostAsync($"/admin/policy/rollback/{monitor}{PolicyApi.ConfirmProtectionOff}", content: null);

        Assert.Equal("monitor", (await confirmed.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("policy").GetProperty("mode").GetString());
        await admin.ChangePolicyAsync(policy => policy["mode"] = "enforce");
    }

    [Fact]
    public async Task UpdatePolicy_InvalidDocument_OneBadRequestListingEveryProblem_AndNothingChanges()
    {
        using var admin = factory.CreateAdminClient();
        var live = await admin.GetPolicyAsync();
        var document = """
            {
              "mode": "enforce",
              "prompt_inspection": {
                "enabled": true,
                "block_threshold": 0,
                "rules": [
                  { "id": "broken", "kind": "regex", "pattern": "(", "score": 1 },
                  { "id": "broken", "kind": "phrase", "pattern": "twice", "score": 1 }
                ]
              }
            }
            """;

        using var response = await admin.PutPolicyRawAsync(document, live.ETag);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["prompt_inspection.block_threshold", "prompt_inspection.rules[0].pattern", "prompt_inspection.rules[1].id"], fields);
        Assert.Equal(live.Version, (await admin.GetPolicyAsync()).Version);
    }

    [Fact]
    public async Task UpdatePolicy_FieldsLeftOut_TakeTheDocumentedDefaults()
    {
        using var admin = factory.CreateAdminClient();
        var before = await admin.GetPolicyAsync();

        // Confirmed: leaving blocked_terms out empties the terms earlier tests of this class added.
        using var response = await admin.PutPolicyRawAsync("""{"prompt_inspection": {"rules": [{"id": "only-rule", "pattern": "only phrase"}]}}""", confirmProtectionOff: true);
        var policy = (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("policy");

        var inspection = policy.GetProperty("prompt_inspection");
        Assert.True(inspection.GetProperty("enabled").GetBoolean(), "Leaving 'enabled' out must not switch inspection off.");
        Assert.Equal(1.0, inspection.GetProperty("block_threshold").GetDouble());
        Assert.Equal(1.0, inspection.GetProperty("rules")[0].GetProperty("score").GetDouble());
        Assert.Equal("phrase", inspection.GetProperty("rules")[0].GetProperty("kind").GetString());
        Assert.Equal("enforce", policy.GetProperty("mode").GetString());
        Assert.Equal(["all"], policy.GetProperty("redaction").GetProperty("detectors").EnumerateArray().Select(d => d.GetString()));

        // Put the fuller document back for the other tests of this class.
        using var restored = await admin.PutPolicyAsync(before.Policy, confirmProtectionOff: true);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    [Fact]
    public async Task GetHistory_AfterChanges_NewestFirstWithTheAdminsUserIdAsUpdatedBy()
    {
        var adminId = GatewayApiFactory.NewUserId();
        using var admin = factory.CreateClientFor(adminId, "admin");
        var first = await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add("history-one"));
        var second = await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add("history-two"));

        using var response = await admin.GetAsync("/admin/policy/history?limit=2");
        var versions = (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("versions").EnumerateArray().ToList();

        Assert.Equal([second, first], versions.Select(v => v.GetProperty("version").GetInt64()));
        Assert.All(versions, v => Assert.Equal(adminId, v.GetProperty("updated_by").GetString()));
        Assert.Contains("history-two", versions[0].GetProperty("policy").GetProperty("blocked_terms").EnumerateArray().Select(t => t.GetString()));
        Assert.DoesNotContain("history-two", versions[1].GetProperty("policy").GetProperty("blocked_terms").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task GetHistory_WithoutLimit_AtMost20NewestFirst()
    {
        using var admin = factory.CreateAdminClient();
        while ((await admin.GetPolicyAsync()).Version < 22)
        {
            await admin.ChangePolicyAsync(_ => { });
        }

        using var response = await admin.GetAsync("/admin/policy/history");
        var versions = (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt64()).ToList();

        Assert.Equal(20, versions.Count);
        Assert.Equal(versions.OrderDescending(), versions);
        Assert.Equal((await admin.GetPolicyAsync()).Version, versions[0]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public async Task GetHistory_LimitOutOfRange_Returns400NamingLimit(string limit)
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.GetAsync($"/admin/policy/history?limit={limit}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("limit").EnumerateArray());
    }

    [Fact]
    public async Task Rollback_ToVersion1_PublishesVersion1sDocumentAsANewVersion()
    {
        using var admin = factory.CreateAdminClient();
        var changed = await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add("not-in-version-1"));
        using var history = await admin.GetAsync("/admin/policy/history?limit=100");
        var version1 = (await history.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetInt64() == 1);

        // Version 1 has no blocked terms: publishing it empties them, which must be confirmed.
        using var response = await admin.PostAsync("/admin/policy/rollback/1" + PolicyApi.ConfirmProtectionOff, content: null);
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(changed + 1, body.GetProperty("version").GetInt64());
        Assert.Equal(PolicyApi.Quoted(changed + 1), response.SingleHeader("ETag"));
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(version1.GetProperty("policy").GetRawText()), JsonNode.Parse(body.GetProperty("policy").GetRawText())),
            "The new version's document must equal version 1's.");
        Assert.Equal(changed + 1, (await admin.GetPolicyAsync()).Version);
    }

    [Fact]
    public async Task Rollback_UnknownVersion_Returns404NotFound()
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.PostAsync("/admin/policy/rollback/999999", content: null);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("v1")]
    public async Task Rollback_VersionNotAPositiveNumber_Returns400NamingVersion(string version)
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.PostAsync($"/admin/policy/rollback/{version}", content: null);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("version").EnumerateArray());
    }

    [Fact]
    public async Task Rollback_WithStaleIfMatch_Returns412AndNothingChanges()
    {
        using var admin = factory.CreateAdminClient();
        var stale = await admin.GetPolicyAsync();
        var live = await admin.ChangePolicyAsync(policy => policy.BlockedTerms().Add("rollback-race"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/policy/rollback/1");
        request.Headers.TryAddWithoutValidation("If-Match", stale.ETag);
        using var response = await admin.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(live, (await admin.GetPolicyAsync()).Version);
    }

    public static TheoryData<string, string> PolicyEndpoints => new()
    {
        { "GET", "/admin/policy" },
        { "PUT", "/admin/policy" },
        { "PATCH", "/admin/policy" },
        { "GET", "/admin/policy/history" },
        { "POST", "/admin/policy/rollback/1" },
        { "POST", "/admin/policy/evaluate" },
    };

    [Theory]
    [MemberData(nameof(PolicyEndpoints))]
    public async Task PolicyEndpoint_AsUser_Returns403Forbidden(string method, string path)
    {
        using var admin = factory.CreateAdminClient();
        var before = await admin.GetPolicyAsync();
        using var user = factory.CreateUserClient();

        using var response = await user.SendAsync(ValidRequest(method, path));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before.Version, (await admin.GetPolicyAsync()).Version);
    }

    [Theory]
    [MemberData(nameof(PolicyEndpoints))]
    public async Task PolicyEndpoint_WithoutToken_Returns401Unauthorized(string method, string path)
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.SendAsync(ValidRequest(method, path));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    /// <summary>A request the endpoint would accept from an admin.</summary>
    private static HttpRequestMessage ValidRequest(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            request.Content = new StringContent("""{"blocked_terms": ["from-a-user"]}""", Encoding.UTF8, "application/json");
        }
        else if (method == "PATCH")
        {
            request.Content = new StringContent("""{"blocked_terms": ["from-a-user"]}""", Encoding.UTF8, "application/merge-patch+json");
        }
        else if (path.EndsWith("/evaluate", StringComparison.Ordinal))
        {
            request.Content = JsonContent.Create(new { prompt = $"hello {GatewayApiFactory.PromptMarker}" });
        }

        return request;
    }
}
