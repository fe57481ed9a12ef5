using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Policies;
using Mediator;

namespace LlmGateway.Application.Policies;

public sealed class EvaluatePolicyCommandHandler(IPolicyStore policies) : ICommandHandler<EvaluatePolicyCommand, Result<PolicyEvaluation>>
{
    public ValueTask<Result<PolicyEvaluation>> Handle(EvaluatePolicyCommand command, CancellationToken cancellationToken)
    {
        var live = command.Context.PolicyFrom(policies);

        // A candidate names limits for neither, one or both roles; the live user limits stand in for any it leaves out
        // (they do not change what inspection and filtering decide).
        var policy = command.Candidate is { } candidate
            ? PolicyCompiler.Compile(candidate, EvaluatePolicyCommand.CandidateVersion, live.UserLimits)
            : live;

        return ValueTask.FromResult(Result<PolicyEvaluation>.Success(PolicyEvaluator.Evaluate(policy, command.Prompt, command.Output)));
    }
}
