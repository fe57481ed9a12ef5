using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;

namespace LlmGateway.Application.Policies;

public sealed class GetPolicyHistoryQueryHandler(IPolicyAdministration administration) : IQueryHandler<GetPolicyHistoryQuery, Result<PolicyHistory>>
{
    public async ValueTask<Result<PolicyHistory>> Handle(GetPolicyHistoryQuery query, CancellationToken cancellationToken) =>
        Result<PolicyHistory>.Success(new PolicyHistory(await administration.GetHistoryAsync(query.Limit, cancellationToken)));
}
