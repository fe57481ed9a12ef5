namespace LlmGateway.Application.Policies;

/// <summary>The live policy with its version and who published it when.</summary>
public sealed record GetPolicyQuery(Caller Caller, RequestContext Context)
    : IQuery<Result<PolicyVersionRecord>>, IRequiresAdmin, IPolicyStoreRequest;
