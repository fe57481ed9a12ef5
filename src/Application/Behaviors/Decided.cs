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

    /// <summary>
    /// A monitoring policy let through what <paramref name="reason"/> would have refused. Stages record on the way out,
    /// so the outermost — the first that would have refused — is the one kept.
    /// </summary>
    public static ValueTask<TResponse> WithWouldBlock<TResponse>(ValueTask<TResponse> pending, BlockReason reason)
        where TResponse : IGatewayResponse<TResponse> =>
        Amend(pending, new Amendment(reason));

    private static ValueTask<TResponse> Amend<TResponse>(ValueTask<TResponse> pending, Amendment amendment)
        where TResponse : IGatewayResponse<TResponse>
    {
        return pending.IsCompletedSuccessfully ? ValueTask.FromResult(amendment.Apply(pending.Result)) : AwaitAsync(pending, amendment);

        static async ValueTask<TResponse> AwaitAsync(ValueTask<TResponse> pending, Amendment amendment) => amendment.Apply(await pending);
    }

    private readonly record struct Amendment(BlockReason WouldBlock)
    {
        public TResponse Apply<TResponse>(TResponse response)
            where TResponse : IGatewayResponse<TResponse>
        {
            var decisions = response.Decisions;
            return response.WithDecisions(decisions with
            {
                WouldBlock = WouldBlock == BlockReason.None ? decisions.WouldBlock : WouldBlock,
            });
        }
    }
}
