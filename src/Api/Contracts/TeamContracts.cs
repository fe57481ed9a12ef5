using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmGateway.Api.Contracts;

public sealed record CreateTeamRequest(
    [property: JsonPropertyName("team_id"), Description("A slug: 2 to 64 of a-z 0-9 - _, starting with a letter or digit. Never changes.")] string TeamId,
    [property: JsonPropertyName("name"), Description("A display name, 1 to 100 characters.")] string Name);

public sealed record UpdateTeamRequest(
    [property: JsonPropertyName("name"), Description("A display name, 1 to 100 characters.")] string Name);

public sealed record TeamResponse(
    [property: JsonPropertyName("team_id")] string TeamId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("created_by"), Description("The admin who created the team (\"system\" for default).")] string CreatedBy,
    [property: JsonPropertyName("updated_at"), Description("The last rename; absent if none.")] DateTimeOffset? UpdatedAt);

public sealed record TeamListResponse(
    [property: JsonPropertyName("teams"), Description("In team_id order; a team admin sees only its own team.")] IReadOnlyList<TeamResponse> Teams);

/// <summary>One version of a team's policy overlay; <c>policy</c> is exactly what PUT takes.</summary>
public sealed record TeamPolicyVersionResponse(
    [property: JsonPropertyName("team_id")] string TeamId,
    [property: JsonPropertyName("version"), Description("Also the ETag, quoted: \"3\". 0 while the team has no overlay.")] long Version,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("updated_by")] string UpdatedBy,
    [property: JsonPropertyName("policy"), Description("The overlay: the policy document fields the team sets over the global policy (a JSON merge patch of it).")] JsonElement Policy);

public sealed record TeamPolicyHistoryResponse(
    [property: JsonPropertyName("versions"), Description("Newest first; the first entry is the live overlay. Empty while the team has none.")] IReadOnlyList<TeamPolicyVersionResponse> Versions);

public sealed record EvaluateTeamPolicyRequest(
    [property: JsonPropertyName("prompt"), Description("A prompt to inspect as /generate would for a caller of the team.")] string? Prompt,
    [property: JsonPropertyName("output"), Description("A model answer to filter as /generate would for a caller of the team.")] string? Output,
    [property: JsonPropertyName("policy"), Description("A candidate overlay to evaluate instead of the live one, merged over the live global policy; validated like PUT, never published.")] JsonElement? Policy)
{
    public override string ToString() => $"EvaluateTeamPolicyRequest {{ Prompt = {Prompt?.Length} chars, Output = {Output?.Length} chars }}";
}
