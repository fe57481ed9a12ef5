using LlmGateway.Application.Common;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Ports;

/// <summary>
/// Where answers come from. The handler sees exactly one; a fallback chain is itself an
/// <see cref="IChatProvider"/> that tries its members in order.
/// </summary>
public interface IChatProvider
{
    /// <summary>
    /// Asks for a completion. Expected failures (timeouts, 429, 5xx, every member of a chain down) come
    /// back as <see cref="GatewayFailure"/> values, not exceptions.
    /// </summary>
    /// <param name="maxTokens">The effective cap, already resolved against the caller's role.</param>
    ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken);
}

/// <summary>Either a completion (unfiltered) or the reason there is none.</summary>
public readonly record struct ProviderResult(Completion? Completion, GatewayFailure? Failure)
{
    public static ProviderResult Success(Completion completion) => new(completion, null);

    public static ProviderResult Failed(GatewayFailure failure) => new(null, failure);
}
