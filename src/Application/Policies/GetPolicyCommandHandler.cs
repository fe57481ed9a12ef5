using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.Policies;

public sealed class GetPolicyCommandHandler(IPolicyAdministration administration, ILogger<GetPolicyCommandHandler> logger)
    : ICommandHandler<GetPolicyCommand, Result<PolicyVersionRecord>>
{
    public async ValueTask<Result<PolicyVersionRecord>> Handle(GetPolicyCommand command, CancellationToken cancellationToken)
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
