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

    /// <summary>
    /// The provider refused the request as the client's own mistake (a 4xx other than 408, 409 and 429): the client gets
    /// the provider's status and error (its message through the output filter), no fallback answers instead, and no
    /// circuit breaker counts it. Never logged: the message may echo the prompt.
    /// </summary>
    public UpstreamError? Upstream { get; init; }

    /// <summary>A request that breaks the rules its fields must follow: <paramref name="errors"/> by field name.</summary>
    public static GatewayFailure Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(GatewayError.ValidationFailed, "The request is invalid; see errors.") { Errors = errors };

    /// <summary>A request that is invalid in one field only, for a check only the handler can make (it needs a store).</summary>
    public static GatewayFailure InvalidField(string field, string message) =>
        Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

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

/// <summary>A provider's error answer to a request it judged the client's mistake, in OpenAI's terms.</summary>
/// <param name="Status">The provider's HTTP status (400, 404, 422...).</param>
public sealed record UpstreamError(int Status, string Message, string? Type, string? Param, string? Code)
{
    /// <summary>An upstream status that is the client's own mistake: 4xx except timeout (408), conflict (409) and rate limit (429).</summary>
    public static bool IsClientError(int status) => status is >= 400 and < 500 and not (408 or 409 or 429);
}
