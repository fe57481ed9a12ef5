using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmGateway.Domain.Policies;

/// <summary>
/// JSON merge patch (RFC 7396): an object in the patch merges member by member, <c>null</c> removes a member (for a
/// policy document: the field takes its default), anything else — arrays included — replaces the target's value whole.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>The patched value; <paramref name="target"/> may be changed in place and must not be used afterwards.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            return patch.ValueKind == JsonValueKind.Array ? JsonArray.Create(patch) : JsonValue.Create(patch);
        }

        var result = target as JsonObject ?? [];
        foreach (var member in patch.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                result.Remove(member.Name);
                continue;
            }

            result.TryGetPropertyValue(member.Name, out var current);
            var patched = Apply(current, member.Value);
            if (!ReferenceEquals(patched, current))
            {
                result[member.Name] = patched;
            }
        }

        return result;
    }
}
