using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Policies;

/// <summary>
/// What inspection and filtering would decide about a prompt and/or a model's answer, under the pinned live policy or
/// under a candidate document that is compiled for this request only. Calls no model and is not rate limited.
/// </summary>
/// <param name="Candidate">A policy to try instead of the live one; never published.</param>
public sealed record EvaluatePolicyQuery(Caller Caller, RequestContext Context, PolicySnapshot Policy, string? Prompt, string? Output, PolicyDocument? Candidate)
    : IQuery<Result<PolicyEvaluation>>, IRequiresAdmin, IPolicyPinnedRequest, IValidatedRequest, IPolicyEvaluationRequest
{
    /// <summary>The version a candidate policy is compiled as: real versions start at 1.</summary>
    public const long CandidateVersion = 0;

    // Prompt, answer and document stay out of ToString(), and so out of any log or exception that prints the command.
    public override string ToString() =>
        $"EvaluatePolicyQuery {{ Caller = {Caller.UserId}, Prompt = {Prompt?.Length} chars, Output = {Output?.Length} chars, Candidate = {Candidate is not null} }}";
}
