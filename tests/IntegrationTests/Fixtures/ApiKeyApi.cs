using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>The API key admin calls as the tests make them: users to bind keys to, keys minted and revoked.</summary>
public static class ApiKeyApi
{
    /// <summary>Creates a user (POST /admin/users) and returns its id.</summary>
    public static async Task<string> CreateUserAsync(this HttpClient admin, string role = "user")
    {
        var userId = GatewayApiFactory.NewUserId();
        using var response = await admin.PostAsJsonAsync("/admin/users", new { user_id = userId, password = "api-key-owner-password-1", role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return userId;
    }

    /// <summary>POST /admin/keys, asserting 201; the body (with <c>key</c>).</summary>
    public static async Task<JsonElement> MintKeyAsync(this HttpClient admin, string userId, string? role = null, string name = "integration test service")
    {
        using var response = await admin.PostAsJsonAsync("/admin/keys", new { user_id = userId, name, role });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static string Key(this JsonElement minted) => minted.GetProperty("key").GetString()!;

    public static string Id(this JsonElement minted) => minted.GetProperty("id").GetString()!;

    /// <summary>GET /admin/keys, asserting 200: the raw body and the entry for <paramref name="id"/> (if listed).</summary>
    public static async Task<(string Body, JsonElement? Entry)> ListKeysAsync(this HttpClient admin, string id)
    {
        using var response = await admin.GetAsync("/admin/keys");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /admin/keys: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        foreach (var entry in document.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (entry.GetProperty("id").GetString() == id)
            {
                return (body, entry.Clone());
            }
        }

        return (body, null);
    }

    public static async Task RevokeKeyAsync(this HttpClient admin, string id)
    {
        using var response = await admin.DeleteAsync($"/admin/keys/{id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
