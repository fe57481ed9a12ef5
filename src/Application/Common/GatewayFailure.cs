using LlmGateway.Domain.Filtering;

namespace LlmGateway.Application.Common;

/// <summary>An expected failure: a value, not an exception. <see cref="Detail"/> never holds a prompt, answer or secret.</summary>
public sealed record GatewayFailure(GatewayError Code, string Detail)
{
    /// <summary>Field name → messages, for <see cref="GatewayError.ValidationFailed"/>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Ids of the rules that decided a block, for <see cref="GatewayError.PromptBlocked"/>.</summary>
    public IReadOnlyList<string>? RuleIds { get; init; }

    /// <summary>When the caller may try again, for a <see cref="GatewayError.RateLimited"/> the edge answers with Retry-After.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>
    /// A short, low-cardinality cause for traces and metrics (<c>error.type</c>): an HTTP status such as <c>500</c>,
    /// <c>timeout</c>, <c>circuit_open</c>... Never a message or a body.
    /// </summary>
    public string? ErrorType { get; init; }

    /// <summary>An answer refused under <c>redaction.action = "block"</c>; names the types found, never the text.</summary>
    public static GatewayFailure AnswerWithheld(IReadOnlyList<Redaction> redactions)
    {
        var types = new string[redactions.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = redactions[i].Type;
        }

        return new GatewayFailure(
            GatewayError.PolicyDenied,
            $"The answer was withheld: it contains data the policy does not allow to be returned ({string.Join(", ", types)}).");
    }
}
