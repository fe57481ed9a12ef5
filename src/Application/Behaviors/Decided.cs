using LlmGateway.Application.Common;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// How a behavior puts its decision on the result: on a refusal it makes; or on the inner pipeline's response as it
/// comes back, without an async state machine when that response is already there.
/// </summary>
internal static class Decided
{
    /// <summary>A refusal by the stage that <paramref name="reason"/> names.</summary>
    public static ValueTask<TResponse> Refused<TResponse>(GatewayFailure failure, BlockReason reason = BlockReason.None)
        where TResponse : IGatewayResponse<TResponse> =>
        ValueTask.FromResult(TResponse.FromFailure(failure).WithDecisions(new PipelineDecisions { Block = reason }));

    public static ValueTask<TResponse> WithRateLimit<TResponse>(ValueTask<TResponse> pending, RateLimitDecision decision)
        where TResponse : IGatewayResponse<TResponse>
    {
        return pending.IsCompletedSuccessfully ? ValueTask.FromResult(Apply(pending.Result, decision)) : AwaitAsync(pending, decision);

        static async ValueTask<TResponse> AwaitAsync(ValueTask<TResponse> pending, RateLimitDecision decision) => Apply(await pending, decision);

        static TResponse Apply(TResponse response, RateLimitDecision decision) =>
            response.WithDecisions(response.Decisions with { RateLimit = decision });
    }

    /// <summary>
    /// A monitoring policy let through what <paramref name="reason"/> would have refused. Stages record on the way out,
    /// so the outermost — the first that would have refused — is the one kept.
    /// </summary>
    public static ValueTask<TResponse> WithWouldBlock<TResponse>(ValueTask<TResponse> pending, BlockReason reason)
        where TResponse : IGatewayResponse<TResponse>
    {
        return pending.IsCompletedSuccessfully ? ValueTask.FromResult(Apply(pending.Result, reason)) : AwaitAsync(pending, reason);

        static async ValueTask<TResponse> AwaitAsync(ValueTask<TResponse> pending, BlockReason reason) => Apply(await pending, reason);

        static TResponse Apply(TResponse response, BlockReason reason) =>
            response.WithDecisions(response.Decisions with { WouldBlock = reason });
    }
}
