using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.Policies;

public sealed class GetPolicyQueryHandler(IPolicyAdministration administration, ILogger<GetPolicyQueryHandler> logger)
    : IQueryHandler<GetPolicyQuery, Result<PolicyVersionRecord>>
{
    public async ValueTask<Result<PolicyVersionRecord>> Handle(GetPolicyQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return Result<PolicyVersionRecord>.Success(await administration.GetCurrentAsync(cancellationToken));
        }
        catch (StoreUnavailableException e)
        {
            PolicyFailures.LogStoreUnavailable(logger, e, "get");
            return Result<PolicyVersionRecord>.FromFailure(PolicyFailures.StoreUnavailable());
        }
    }
}
