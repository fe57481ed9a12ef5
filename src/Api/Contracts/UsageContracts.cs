using System.ComponentModel;
using System.Text.Json.Serialization;

namespace LlmGateway.Api.Contracts;

public sealed record UsageReportResponse(
    [property: JsonPropertyName("group_by"), Description("team, user, key or model.")] string GroupBy,
    [property: JsonPropertyName("from"), Description("The first UTC day counted, yyyy-MM-dd.")] string From,
    [property: JsonPropertyName("to"), Description("The last UTC day counted, yyyy-MM-dd.")] string To,
    [property: JsonPropertyName("team"), Description("Present when the report is limited to one team (a team admin's own)."), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Team,
    [property: JsonPropertyName("interval"), Description("day when the groups and the total carry days; absent otherwise."), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Interval,
    [property: JsonPropertyName("groups"), Description("One entry per group, the most expensive first.")] IReadOnlyList<UsageGroupResponse> Groups,
    [property: JsonPropertyName("total"), Description("The sum of the groups.")] UsageTotalResponse Total);

public sealed record UsageGroupResponse(
    [property: JsonPropertyName("group"), Description("The team id, user id, key id or model; with group_by=key, requests made with an access token are '(access token)'.")] string Group,
    [property: JsonPropertyName("requests"), Description("Requests a provider answered (cache hits and refused requests cost nothing and are not counted).")] long Requests,
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("cost_usd"), Description("At the configured prices when the request was made, exact to the nano-dollar.")] decimal CostUsd,
    [property: JsonPropertyName("days"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("With interval=day: the group's UTC days with use, oldest first (a day without use is left out).")] IReadOnlyList<UsageDayResponse>? Days);

public sealed record UsageTotalResponse(
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd,
    [property: JsonPropertyName("days"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("With interval=day: every group's use per UTC day, oldest first (a day without use is left out).")] IReadOnlyList<UsageDayResponse>? Days);

public sealed record UsageDayResponse(
    [property: JsonPropertyName("day"), Description("The UTC day, yyyy-MM-dd.")] string Day,
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd);
