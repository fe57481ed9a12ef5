using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>The policy admin API as a client uses it: read the live policy with its ETag, change it, send it back.</summary>
public static class PolicyApi
{
    /// <param name="Policy">The document, ready to be changed and sent back with PUT.</param>
    public sealed record LivePolicy(long Version, string ETag, JsonObject Policy);

    public static async Task<LivePolicy> GetPolicyAsync(this HttpClient admin)
    {
        using var response = await admin.GetAsync("/admin/policy");
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        return new LivePolicy(body.GetProperty("version").GetInt64(), etag.ToString(), JsonNode.Parse(body.GetProperty("policy").GetRawText())!.AsObject());
    }

    /// <summary>The query string that confirms a change switching a protection off.</summary>
    public const string ConfirmProtectionOff = "?confirm=protection_off";

    public static Task<HttpResponseMessage> PutPolicyAsync(this HttpClient admin, JsonNode policy, string? ifMatch = null, bool confirmProtectionOff = false) =>
        admin.PutPolicyRawAsync(policy.ToJsonString(), ifMatch, confirmProtectionOff);

    public static Task<HttpResponseMessage> PutPolicyRawAsync(this HttpClient admin, string json, string? ifMatch = null, bool confirmProtectionOff = false) =>
        admin.SendPolicyAsync(HttpMethod.Put, json, "application/json", ifMatch, confirmProtectionOff);

    /// <summary>PATCH /admin/policy with a JSON merge patch.</summary>
    public static Task<HttpResponseMessage> PatchPolicyAsync(this HttpClient admin, string patch, string? ifMatch = null, bool confirmProtectionOff = false, string contentType = "application/merge-patch+json") =>
        admin.SendPolicyAsync(HttpMethod.Patch, patch, contentType, ifMatch, confirmProtectionOff);

    /// <summary>Reads the live policy, lets <paramref name="change"/> edit it, and publishes it with If-Match; returns the new version.</summary>
    public static async Task<long> ChangePolicyAsync(this HttpClient admin, Action<JsonObject> change, bool confirmProtectionOff = false)
    {
        var live = await admin.GetPolicyAsync();
        change(live.Policy);
        using var response = await admin.PutPolicyAsync(live.Policy, live.ETag, confirmProtectionOff);
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        return body.GetProperty("version").GetInt64();
    }

    private static Task<HttpResponseMessage> SendPolicyAsync(this HttpClient admin, HttpMethod method, string json, string contentType, string? ifMatch, bool confirmProtectionOff)
    {
        var request = new HttpRequestMessage(method, "/admin/policy" + (confirmProtectionOff ? ConfirmProtectionOff : string.Empty))
        {
            Content = new StringContent(json, Encoding.UTF8, contentType),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return admin.SendAsync(request);
    }

    public static JsonArray Rules(this JsonObject policy) => policy["prompt_inspection"]!["rules"]!.AsArray();

    public static JsonArray BlockedTerms(this JsonObject policy) => policy["blocked_terms"]!.AsArray();

    public static string Quoted(long version) => new EntityTagHeaderValue($"\"{version}\"").ToString();
}
