using System.ComponentModel;
using System.Text.Json.Serialization;

namespace LlmGateway.Api.Contracts;

/// <summary>
/// The shape of every error body (<c>application/problem+json</c>), for the OpenAPI document. The bodies
/// themselves are written as ProblemDetails by <c>GatewayHttp</c>.
/// </summary>
public sealed record GatewayProblem(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("code"), Description("unauthorized, forbidden, rate_limited, validation_failed, prompt_blocked, policy_denied, provider_unavailable, payload_too_large, conflict, not_found, precondition_failed, store_unavailable, ...")] string Code,
    [property: JsonPropertyName("request_id"), Description("Equals the X-Request-Id header; quote it when reporting a problem.")] string RequestId,
    [property: JsonPropertyName("errors"), Description("validation_failed only: field name → messages.")] IReadOnlyDictionary<string, string[]>? Errors,
    [property: JsonPropertyName("rule_ids"), Description("prompt_blocked only: the inspection rules that matched, or the rule of the guardrail plugin that blocked (guardrail-plugin-failed or guardrail-plugin-timeout when a plugin failed; detail names it).")] IReadOnlyList<string>? RuleIds);
