namespace LlmGateway.Application.Policies;

/// <summary>The most recent policy versions, the live one first.</summary>
public sealed record GetPolicyHistoryQuery(Caller Caller, RequestContext Context, int Limit)
    : IQuery<Result<PolicyHistory>>, IRequiresAdmin, IPolicyStoreRequest, IValidatedRequest
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

/// <param name="Versions">Newest first; the first is the live version.</param>
public sealed record PolicyHistory(IReadOnlyList<PolicyVersionRecord> Versions);
