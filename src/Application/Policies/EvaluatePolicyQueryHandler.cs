using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Policies;

public sealed class EvaluatePolicyQueryHandler : IQueryHandler<EvaluatePolicyQuery, Result<PolicyEvaluation>>
{
    public ValueTask<Result<PolicyEvaluation>> Handle(EvaluatePolicyQuery query, CancellationToken cancellationToken)
    {
        var live = query.Policy;

        // A candidate names limits for neither, one or both roles; the live user limits stand in for any it leaves out
        // (they do not change what inspection and filtering decide).
        var policy = query.Candidate is { } candidate
            ? PolicyCompiler.Compile(candidate, EvaluatePolicyQuery.CandidateVersion, live.UserLimits)
            : live;

        return ValueTask.FromResult(Result<PolicyEvaluation>.Success(PolicyEvaluator.Evaluate(policy, query.Prompt, query.Output)));
    }
}
