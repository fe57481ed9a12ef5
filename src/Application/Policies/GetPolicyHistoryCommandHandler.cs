using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.Policies;

public sealed class GetPolicyHistoryCommandHandler(IPolicyAdministration administration, ILogger<GetPolicyHistoryCommandHandler> logger)
    : ICommandHandler<GetPolicyHistoryCommand, Result<PolicyHistory>>
{
    public async ValueTask<Result<PolicyHistory>> Handle(GetPolicyHistoryCommand command, CancellationToken cancellationToken)
    {
        try
        {
            var versions = await administration.GetHistoryAsync(command.Limit, cancellationToken);
            return Result<PolicyHistory>.Success(new PolicyHistory(versions));
        }
        catch (StoreUnavailableException e)
        {
            PolicyFailures.LogStoreUnavailable(logger, e, "history");
            return Result<PolicyHistory>.FromFailure(PolicyFailures.StoreUnavailable());
        }
    }
}
