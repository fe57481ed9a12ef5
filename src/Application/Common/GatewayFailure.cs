using LlmGateway.Domain;

namespace LlmGateway.Application.Common;

/// <summary>An expected failure: a value, not an exception. <see cref="Detail"/> never holds a prompt, answer or secret.</summary>
public sealed record GatewayFailure(GatewayError Code, string Detail)
{
    /// <summary>Field name → messages, for <see cref="GatewayError.ValidationFailed"/>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Ids of the rules that decided a block, for <see cref="GatewayError.PromptBlocked"/>.</summary>
    public IReadOnlyList<string>? RuleIds { get; init; }
}
