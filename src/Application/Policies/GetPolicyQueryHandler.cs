using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;

namespace LlmGateway.Application.Policies;

public sealed class GetPolicyQueryHandler(IPolicyAdministration administration) : IQueryHandler<GetPolicyQuery, Result<PolicyVersionRecord>>
{
    public async ValueTask<Result<PolicyVersionRecord>> Handle(GetPolicyQuery query, CancellationToken cancellationToken) =>
        Result<PolicyVersionRecord>.Success(await administration.GetCurrentAsync(cancellationToken));
}
