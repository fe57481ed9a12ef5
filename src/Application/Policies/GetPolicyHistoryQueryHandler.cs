using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.Policies;

public sealed class GetPolicyHistoryQueryHandler(IPolicyAdministration administration, ILogger<GetPolicyHistoryQueryHandler> logger)
    : IQueryHandler<GetPolicyHistoryQuery, Result<PolicyHistory>>
{
    public async ValueTask<Result<PolicyHistory>> Handle(GetPolicyHistoryQuery query, CancellationToken cancellationToken)
    {
        try
        {
            var versions = await administration.GetHistoryAsync(query.Limit, cancellationToken);
            return Result<PolicyHistory>.Success(new PolicyHistory(versions));
        }
        catch (StoreUnavailableException e)
        {
            PolicyFailures.LogStoreUnavailable(logger, e, "history");
            return Result<PolicyHistory>.FromFailure(PolicyFailures.StoreUnavailable());
        }
    }
}
