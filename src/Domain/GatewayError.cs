namespace LlmGateway.Domain;

/// <summary>Every expected failure the gateway answers with. Mapped to HTTP in exactly one place (Api).</summary>
public enum GatewayError
{
    Unauthorized,
    Forbidden,
    RateLimited,
    ValidationFailed,
    PromptBlocked,
    PolicyDenied,
    ProviderUnavailable,
    PayloadTooLarge,
    NotFound,
    Conflict,

    /// <summary>An <c>If-Match</c> precondition named a version that is no longer the live one.</summary>
    PreconditionFailed,

    /// <summary>The shared store (Redis) cannot be reached for an operation that cannot fail open.</summary>
    StoreUnavailable,

    /// <summary>The provider refused the request as the client's mistake; the client gets the provider's status.</summary>
    UpstreamRejected,

    /// <summary>The request would take its API key over the key's budget for the period (429 <c>budget_exceeded</c>).</summary>
    BudgetExceeded,
}
