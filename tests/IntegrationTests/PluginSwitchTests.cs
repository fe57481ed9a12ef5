using System.Net;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>The plugin gateway in its own instance: these tests publish team overlays and edit the global policy.</summary>
public sealed class PluginSwitchGatewayApiFactory : PluginGatewayApiFactory;

/// <summary>
/// Issue 22, plugins on or off in the policy: a team's overlay may switch a loaded guardrail plugin off for its team,
/// which is switching a protection off (it needs confirming); a name no loaded plugin has is refused.
/// </summary>
public sealed class PluginSwitchTests(PluginSwitchGatewayApiFactory factory) : IClassFixture<PluginSwitchGatewayApiFactory>
{
    private const string Plugin = "confidential-terms";

    [Fact]
    public async Task TeamOverlay_SwitchingAPluginOff_NeedsConfirmingThenOnlyThatTeamGoesUnguarded()
    {
        using var admin = factory.CreateAdminClient();
        var team = await admin.CreateTeamAsync();
        using var member = await factory.LoggedInAsync(await admin.CreateMemberAsync(team));
        using var outsider = factory.CreateUserClient();
        var overlay = $$"""{"plugins": {"{{Plugin}}": {"enabled": false} } }""";

        using (var unconfirmed = await admin.PutTeamPolicyAsync(team, overlay))
        {
            var problem = await unconfirmed.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty($"plugins.{Plugin}.enabled", out _), problem.ToString());
        }

        using (var blocked = await member.PostGenerateAsync(Prompt()))
        {
            await blocked.AssertProblemAsync(HttpStatusCode.BadRequest, "prompt_blocked");
        }

        using (var confirmed = await admin.PutTeamPolicyAsync(team, overlay, confirmProtectionOff: true))
        {
            await confirmed.ReadJsonAsync(HttpStatusCode.OK);
        }

        // Neither the plugin's prompt guard nor its output guard (which would redact the name in the echoed answer) runs.
        var prompt = Prompt();
        using (var passed = await member.PostGenerateAsync(prompt))
        {
            var answer = (await passed.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("response").GetString()!;
            Assert.Contains("falcon", answer, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("REDACTED", answer, StringComparison.Ordinal);
        }

        using var stillBlocked = await outsider.PostGenerateAsync(prompt);
        await stillBlocked.AssertProblemAsync(HttpStatusCode.BadRequest, "prompt_blocked");
    }

    [Fact]
    public async Task GlobalPolicy_SwitchingAPluginOffUnconfirmed_400NamingTheFieldAndThePluginStillRuns()
    {
        using var admin = factory.CreateAdminClient();

        using var refused = await admin.PatchPolicyAsync($$"""{"plugins": {"{{Plugin}}": {"enabled": false} } }""");

        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty($"plugins.{Plugin}.enabled", out _), problem.ToString());
        using var client = factory.CreateUserClient();
        using var blocked = await client.PostGenerateAsync(Prompt());
        await blocked.AssertProblemAsync(HttpStatusCode.BadRequest, "prompt_blocked");
    }

    [Fact]
    public async Task Policy_NamingAPluginNotLoaded_400NamingTheFieldAndTheLoadedPlugins()
    {
        using var admin = factory.CreateAdminClient();
        var team = await admin.CreateTeamAsync();

        using var global = await admin.PatchPolicyAsync("""{"plugins": {"confidential-trems": {"enabled": false}}}""", confirmProtectionOff: true);
        using var overlay = await admin.PutTeamPolicyAsync(team, """{"plugins": {"confidential-trems": {"enabled": false}}}""", confirmProtectionOff: true);

        foreach (var response in new[] { global, overlay })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            var message = problem.GetProperty("errors").GetProperty("plugins.confidential-trems")[0].GetString()!;
            Assert.Contains(Plugin, message, StringComparison.Ordinal);
            Assert.Contains("throwing-guard", message, StringComparison.Ordinal);
        }
    }

    private static string Prompt() => $"When does project falcon launch? {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";
}
