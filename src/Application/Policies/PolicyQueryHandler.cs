namespace LlmGateway.Application.Policies;

/// <summary>The live policy and its history, as the store keeps them.</summary>
public sealed class PolicyQueryHandler(IPolicyAdministration administration)
    : IQueryHandler<GetPolicyQuery, Result<PolicyVersionRecord>>,
      IQueryHandler<GetPolicyHistoryQuery, Result<PolicyHistory>>
{
    public async ValueTask<Result<PolicyVersionRecord>> Handle(GetPolicyQuery query, CancellationToken cancellationToken) =>
        Result<PolicyVersionRecord>.Success(await administration.GetCurrentAsync(cancellationToken));

    public async ValueTask<Result<PolicyHistory>> Handle(GetPolicyHistoryQuery query, CancellationToken cancellationToken) =>
        Result<PolicyHistory>.Success(new PolicyHistory(await administration.GetHistoryAsync(query.Limit, cancellationToken)));
}
