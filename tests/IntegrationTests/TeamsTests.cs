using System.Net;
using System.Net.Http.Json;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// Issue 22, teams: the team CRUD, users and keys in teams, team admins confined to their own team (another team's
/// resources are 404), and the team policy overlay in force for the team's callers only.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class TeamsTests(GatewayApiFactory factory)
{
    [Fact]
    public async Task Teams_CreateListGetRenameDelete_AsAdmin()
    {
        using var admin = factory.CreateAdminClient();
        var teamId = await admin.CreateTeamAsync("Research");

        using (var listed = await admin.GetAsync("/admin/teams"))
        {
            var body = await listed.Content.ReadAsStringAsync();
            Assert.Contains($"\"team_id\":\"{teamId}\"", body, StringComparison.Ordinal);
            Assert.Contains("\"team_id\":\"default\"", body, StringComparison.Ordinal);
        }

        using (var renamed = await admin.PatchAsJsonAsync($"/admin/teams/{teamId}", new { name = "Research & Development" }))
        {
            Assert.Equal("Research & Development", (await renamed.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("name").GetString());
        }

        using (var duplicate = await admin.PostAsJsonAsync("/admin/teams", new { team_id = teamId, name = "again" }))
        {
            await duplicate.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        }

        using (var deleted = await admin.DeleteAsync($"/admin/teams/{teamId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await admin.GetAsync($"/admin/teams/{teamId}");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("A")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    public async Task CreateTeam_IdNotASlug_400NamingTeamId(string teamId)
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/admin/teams", new { team_id = teamId, name = "x" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("team_id", out _));
    }

    [Fact]
    public async Task DeleteTeam_WithAMember_409SayingSoAndKept_DeletedOnceTheMemberMoved()
    {
        using var admin = factory.CreateAdminClient();
        var teamId = await admin.CreateTeamAsync();
        var member = await admin.CreateMemberAsync(teamId);

        using (var refused = await admin.DeleteAsync($"/admin/teams/{teamId}"))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
            Assert.Contains("1 users", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var moved = await admin.PatchAsJsonAsync($"/admin/users/{member}", new { team_id = "default" }))
        {
            Assert.Equal("default", (await moved.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("team_id").GetString());
        }

        using var deleted = await admin.DeleteAsync($"/admin/teams/{teamId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task DeleteTeam_Default_409()
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.DeleteAsync("/admin/teams/default");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Login_TokenCarriesTheTeamClaim_KeyAndUserShowTheTeam()
    {
        using var admin = factory.CreateAdminClient();
        var teamId = await admin.CreateTeamAsync();
        var member = await admin.CreateMemberAsync(teamId);

        var token = await factory.LogInAsync(member);
        var key = await admin.MintKeyAsync(member);

        Assert.Equal(teamId, TeamApi.Claims(token).GetProperty("team_id").GetString());
        Assert.Equal(teamId, key.GetProperty("team_id").GetString());
        using var user = await admin.GetAsync($"/admin/users/{member}");
        Assert.Equal(teamId, (await user.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("team_id").GetString());
    }

    [Fact]
    public async Task TeamAdmin_SeesAndManagesOnlyItsTeam_AnotherTeamsUsersKeysAndOverlayAre404()
    {
        using var admin = factory.CreateAdminClient();
        var red = await admin.CreateTeamAsync("Red");
        var blue = await admin.CreateTeamAsync("Blue");
        var redLead = await admin.CreateMemberAsync(red, "team_admin");
        var redUser = await admin.CreateMemberAsync(red);
        var blueUser = await admin.CreateMemberAsync(blue);
        var redKey = (await admin.MintKeyAsync(redUser)).Id();
        var blueKey = (await admin.MintKeyAsync(blueUser)).Id();
        using var lead = await factory.LoggedInAsync(redLead);

        // Listings hold the own team only.
        using (var users = await lead.GetAsync("/admin/users?limit=200"))
        {
            var body = await users.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, users.StatusCode);
            Assert.Contains(redUser, body, StringComparison.Ordinal);
            Assert.DoesNotContain(blueUser, body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"team_id\":\"default\"", body, StringComparison.Ordinal);
        }

        var (keys, _) = await lead.ListKeysAsync(redKey);
        Assert.Contains(redKey, keys, StringComparison.Ordinal);
        Assert.DoesNotContain(blueKey, keys, StringComparison.Ordinal);
        using (var teams = await lead.GetAsync("/admin/teams"))
        {
            var body = await teams.Content.ReadAsStringAsync();
            Assert.Contains(red, body, StringComparison.Ordinal);
            Assert.DoesNotContain(blue, body, StringComparison.Ordinal);
        }

        // Another team's resources do not exist for it.
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => lead.GetAsync($"/admin/users/{blueUser}"),
            () => lead.PatchAsJsonAsync($"/admin/users/{blueUser}", new { disabled = true }),
            () => lead.DeleteAsync($"/admin/users/{blueUser}"),
            () => lead.GetAsync($"/admin/keys/{blueKey}"),
            () => lead.DeleteAsync($"/admin/keys/{blueKey}"),
            () => lead.PostAsJsonAsync("/admin/keys", new { user_id = blueUser, name = "stolen" }),
            () => lead.GetAsync($"/admin/teams/{blue}"),
            () => lead.GetAsync($"/admin/teams/{blue}/policy"),
            () => lead.PutTeamPolicyAsync(blue, """{"blocked_terms": ["x"]}"""),
        })
        {
            using var response = await request();
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        using (var blueStill = await admin.GetAsync($"/admin/users/{blueUser}"))
        {
            Assert.False((await blueStill.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("disabled").GetBoolean());
        }

        // Its own team: users and keys it manages.
        using (var disabled = await lead.PatchAsJsonAsync($"/admin/users/{redUser}", new { disabled = true }))
        {
            Assert.True((await disabled.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("disabled").GetBoolean());
        }

        using (var created = await lead.PostAsJsonAsync("/admin/users", new { user_id = GatewayApiFactory.NewUserId(), password = TeamApi.Password }))
        {
            Assert.Equal(red, (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("team_id").GetString());
        }

        using var revoked = await lead.DeleteAsync($"/admin/keys/{redKey}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
    }

    [Fact]
    public async Task TeamAdmin_BeyondItsRights_403AndNothingChanged()
    {
        using var admin = factory.CreateAdminClient();
        var red = await admin.CreateTeamAsync();
        var blue = await admin.CreateTeamAsync();
        var redLead = await admin.CreateMemberAsync(red, "team_admin");
        var redUser = await admin.CreateMemberAsync(red);
        using var lead = await factory.LoggedInAsync(redLead);

        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => lead.PostAsJsonAsync("/admin/users", new { user_id = GatewayApiFactory.NewUserId(), password = TeamApi.Password, role = "admin" }),
            () => lead.PostAsJsonAsync("/admin/users", new { user_id = GatewayApiFactory.NewUserId(), password = TeamApi.Password, team_id = blue }),
            () => lead.PatchAsJsonAsync($"/admin/users/{redUser}", new { role = "admin" }),
            () => lead.PatchAsJsonAsync($"/admin/users/{redUser}", new { team_id = blue }),
            () => lead.PostAsJsonAsync("/admin/teams", new { team_id = "lead-made", name = "x" }),
            () => lead.DeleteAsync($"/admin/teams/{red}"),
            () => lead.PatchAsync("/admin/policy", new StringContent("""{"blocked_terms": []}""", System.Text.Encoding.UTF8, "application/merge-patch+json")),
            () => lead.GetAsync("/admin/policy"),
        })
        {
            using var response = await request();
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using var user = await admin.GetAsync($"/admin/users/{redUser}");
        var body = await user.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("user", body.GetProperty("role").GetString());
        Assert.Equal(red, body.GetProperty("team_id").GetString());
    }

    [Fact]
    public async Task User_AdminRoutesOfTeamAdmins_403NamingBothRoles()
    {
        using var admin = factory.CreateAdminClient();
        var member = await admin.CreateMemberAsync(await admin.CreateTeamAsync());
        using var user = await factory.LoggedInAsync(member);

        using var response = await user.GetAsync("/admin/users");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("'team_admin'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlay_TeamAdminLimits_ApplyToTheTeamsAdminsWhileItsUsersKeepTheUserLimits()
    {
        using var admin = factory.CreateAdminClient();
        var team = await admin.CreateTeamAsync();
        using var lead = await factory.LoggedInAsync(await admin.CreateMemberAsync(team, "team_admin"));
        using var member = await factory.LoggedInAsync(await admin.CreateMemberAsync(team));
        using (var put = await admin.PutTeamPolicyAsync(team, """{"limits": {"team_admin": {"rate_limit": 1, "rate_window_seconds": 3600}}}"""))
        {
            await put.ReadJsonAsync(HttpStatusCode.OK);
        }

        using (var first = await lead.PostGenerateAsync($"One {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}"))
        {
            Assert.Equal("1", first.SingleHeader("X-RateLimit-Limit"));
        }

        using (var second = await lead.PostGenerateAsync($"Two {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}"))
        {
            await second.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        }

        for (var i = 0; i < 2; i++)
        {
            using var answer = await member.PostGenerateAsync($"Member {i} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.NotEqual("1", answer.SingleHeader("X-RateLimit-Limit"));
        }
    }

    [Fact]
    public async Task Overlay_BlockedTermOfOneTeam_RefusesItsCallersOnly_KeysIncluded()
    {
        using var admin = factory.CreateAdminClient();
        var red = await admin.CreateTeamAsync();
        var blue = await admin.CreateTeamAsync();
        var redLead = await admin.CreateMemberAsync(red, "team_admin");
        var redUser = await admin.CreateMemberAsync(red);
        var blueUser = await admin.CreateMemberAsync(blue);
        var term = $"zebracorn{Guid.NewGuid():N}"[..16];
        var prompt = $"Tell me about {term} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";
        using var lead = await factory.LoggedInAsync(redLead);
        var live = await admin.GetPolicyAsync();
        var terms = live.Policy.BlockedTerms().Select(t => (string)t!).Append(term);

        using (var put = await lead.PutTeamPolicyAsync(red, $$"""{"blocked_terms": {{System.Text.Json.JsonSerializer.Serialize(terms)}}}""", ifMatch: "\"0\""))
        {
            var version = await put.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(1, version.GetProperty("version").GetInt64());
            Assert.Equal(redLead, version.GetProperty("updated_by").GetString());
            Assert.Equal("\"1\"", put.Headers.ETag?.ToString());
        }

        using var redClient = await factory.LoggedInAsync(redUser);
        using var redKeyClient = factory.CreateClientWithToken((await admin.MintKeyAsync(redUser)).Key());
        using var blueClient = await factory.LoggedInAsync(blueUser);
        using (var refused = await redClient.PostGenerateAsync(prompt))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
        }

        using (var refusedByKey = await redKeyClient.PostGenerateAsync(prompt))
        {
            await refusedByKey.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
        }

        using (var allowed = await blueClient.PostGenerateAsync(prompt))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // The dry run answers as the live requests do, for the team's policy and for a candidate overlay.
        using (var evaluated = await lead.PostAsJsonAsync($"/admin/teams/{red}/policy/evaluate", new { prompt }))
        {
            Assert.Equal("block", (await evaluated.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("prompt").GetProperty("verdict").GetString());
        }

        using (var candidate = await lead.PostAsJsonAsync($"/admin/teams/{red}/policy/evaluate", new { prompt, policy = new { blocked_terms = new[] { "something-else" } } }))
        {
            var evaluation = await candidate.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(0, evaluation.GetProperty("policy_version").GetInt64());
            Assert.Equal("allow", evaluation.GetProperty("prompt").GetProperty("verdict").GetString());
        }

        // A stale If-Match is refused; removing the field (merge patch null) gives the team the global terms again — which
        // may be none, so it is confirmed as switching a protection off.
        using (var stale = await lead.PatchTeamPolicyAsync(red, """{"blocked_terms": null}""", ifMatch: "\"0\""))
        {
            await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        }

        using (var patched = await lead.PatchTeamPolicyAsync(red, """{"blocked_terms": null}""", ifMatch: "\"1\"", confirmProtectionOff: live.Policy.BlockedTerms().Count == 0))
        {
            var version = await patched.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(2, version.GetProperty("version").GetInt64());
            Assert.False(version.GetProperty("policy").TryGetProperty("blocked_terms", out _));
        }

        using (var allowedAgain = await redClient.PostGenerateAsync(prompt))
        {
            Assert.Equal(HttpStatusCode.OK, allowedAgain.StatusCode);
        }

        // Rollback to version 1 publishes version 3 with the term again; history shows all three, newest first.
        using (var rolledBack = await lead.PostAsync($"/admin/teams/{red}/policy/rollback/1", null))
        {
            Assert.Equal(3, (await rolledBack.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
        }

        using (var history = await lead.GetAsync($"/admin/teams/{red}/policy/history"))
        {
            var versions = (await history.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt64());
            Assert.Equal([3L, 2L, 1L], versions);
        }

        using var refusedAgain = await redClient.PostGenerateAsync($"Tell me about {term} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        await refusedAgain.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
    }

    [Fact]
    public async Task Overlay_BlockedTermOfOneTeam_RefusesItsCallersOnEveryModelRoute()
    {
        using var admin = factory.CreateAdminClient();
        var red = await admin.CreateTeamAsync();
        var redUser = await admin.CreateMemberAsync(red);
        var blueUser = await admin.CreateMemberAsync(await admin.CreateTeamAsync());
        var term = $"zebracorn{Guid.NewGuid():N}"[..16];
        var live = await admin.GetPolicyAsync();
        var terms = live.Policy.BlockedTerms().Select(t => (string)t!).Append(term);
        using (var put = await admin.PutTeamPolicyAsync(red, $$"""{"blocked_terms": {{System.Text.Json.JsonSerializer.Serialize(terms)}}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var prompt = System.Text.Json.JsonSerializer.Serialize($"Tell me about {term} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}");
        (string Path, string Body)[] routes =
        [
            ("/v1/chat/completions", $$"""{"messages": [{"role": "user", "content": {{prompt}}}]}"""),
            ("/v1/responses", $$"""{"input": {{prompt}}}"""),
            ("/v1/embeddings", $$"""{"input": {{prompt}}}"""),
        ];
        using var redClient = await factory.LoggedInAsync(redUser);
        using var blueClient = await factory.LoggedInAsync(blueUser);
        foreach (var (path, body) in routes)
        {
            using (var refused = await redClient.PostRawJsonAsync(path, body))
            {
                var error = (await refused.ReadJsonAsync(HttpStatusCode.Forbidden)).GetProperty("error");
                Assert.Equal("policy_denied", error.GetProperty("code").GetString());
            }

            using var allowed = await blueClient.PostRawJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
    }

    [Fact]
    public async Task Overlay_SwitchingProtectionOff_400UnlessConfirmed()
    {
        using var admin = factory.CreateAdminClient();
        var team = await admin.CreateTeamAsync();

        using (var refused = await admin.PutTeamPolicyAsync(team, """{"mode": "monitor"}"""))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("mode", out _));
        }

        using (var current = await admin.GetAsync($"/admin/teams/{team}/policy"))
        {
            Assert.Equal(0, (await current.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
        }

        using var confirmed = await admin.PutTeamPolicyAsync(team, """{"mode": "monitor"}""", confirmProtectionOff: true);
        Assert.Equal(1, (await confirmed.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Overlay_DroppingGlobalEntriesWithoutEmptyingTheList_400UnlessConfirmed()
    {
        using var admin = factory.CreateAdminClient();
        var team = await admin.CreateTeamAsync();
        var lead = await admin.CreateMemberAsync(team, "team_admin");
        using var leadClient = await factory.LoggedInAsync(lead);

        // The global policy redacts with "all"; a team list of its own replaces the global one whole.
        using (var refused = await leadClient.PutTeamPolicyAsync(team, """{"redaction": {"detectors": ["pii"]}}"""))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Contains("global", problem.GetProperty("errors").GetProperty("redaction.detectors")[0].GetString(), StringComparison.Ordinal);
        }

        using var confirmed = await leadClient.PutTeamPolicyAsync(team, """{"redaction": {"detectors": ["pii"]}}""", confirmProtectionOff: true);
        Assert.Equal(1, (await confirmed.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Overlay_UnknownFieldOrInvalidMergedDocument_400NamingThePath()
    {
        using var admin = factory.CreateAdminClient();
        var team = await admin.CreateTeamAsync();

        using (var unknown = await admin.PutTeamPolicyAsync(team, """{"redaction": {"detectorz": []}}"""))
        {
            var problem = await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("redaction.detectorz", out _), problem.ToString());
        }

        using var invalid = await admin.PutTeamPolicyAsync(team, """{"prompt_inspection": {"block_threshold": -1}}""");
        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
