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
}
