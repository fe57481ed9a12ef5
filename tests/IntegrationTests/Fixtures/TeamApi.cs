using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>The team admin calls as the tests make them: teams, users in a team, real logins, overlays.</summary>
public static class TeamApi
{
    public const string Password = "team-member-password-1";

    /// <summary>POST /admin/teams with a new id, asserting 201; the id.</summary>
    public static async Task<string> CreateTeamAsync(this HttpClient admin, string name = "Integration team")
    {
        var teamId = $"t-{Guid.NewGuid():N}"[..20];
        using var response = await admin.PostAsJsonAsync("/admin/teams", new { team_id = teamId, name });
        await response.ReadJsonAsync(HttpStatusCode.Created);
        return teamId;
    }

    /// <summary>POST /admin/users in <paramref name="teamId"/>, asserting 201; the user id.</summary>
    public static async Task<string> CreateMemberAsync(this HttpClient admin, string teamId, string role = "user")
    {
        var userId = GatewayApiFactory.NewUserId();
        using var response = await admin.PostAsJsonAsync("/admin/users", new { user_id = userId, password = Password, role, team_id = teamId });
        var created = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(teamId, created.GetProperty("team_id").GetString());
        return userId;
    }

    /// <summary>Logs <paramref name="userId"/> in on <paramref name="gateway"/> (POST /login): the access token.</summary>
    public static async Task<string> LogInAsync(this GatewayApiFactory gateway, string userId)
    {
        using var anonymous = gateway.CreateClient();
        using var login = await anonymous.PostAsJsonAsync("/login", new { user_id = userId, password = Password });
        return (await login.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
    }

    /// <summary>A client carrying <paramref name="userId"/>'s real token from /login.</summary>
    public static async Task<HttpClient> LoggedInAsync(this GatewayApiFactory gateway, string userId) =>
        gateway.CreateClientWithToken(await gateway.LogInAsync(userId));

    public static Task<HttpResponseMessage> PutTeamPolicyAsync(this HttpClient client, string teamId, string overlay, string? ifMatch = null, bool confirmProtectionOff = false) =>
        SendAsync(client, HttpMethod.Put, teamId, overlay, "application/json", ifMatch, confirmProtectionOff);

    public static Task<HttpResponseMessage> PatchTeamPolicyAsync(this HttpClient client, string teamId, string patch, string? ifMatch = null, bool confirmProtectionOff = false) =>
        SendAsync(client, HttpMethod.Patch, teamId, patch, "application/merge-patch+json", ifMatch, confirmProtectionOff);

    /// <summary>The JWT payload's claims, as the gateway issued them.</summary>
    public static JsonElement Claims(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var document = JsonDocument.Parse(Convert.FromBase64String(payload));
        return document.RootElement.Clone();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string teamId, string body, string mediaType, string? ifMatch, bool confirm)
    {
        var request = new HttpRequestMessage(method, $"/admin/teams/{teamId}/policy{(confirm ? "?confirm=protection_off" : string.Empty)}")
        {
            Content = new StringContent(body, Encoding.UTF8, mediaType),
        };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return client.SendAsync(request);
    }
}
