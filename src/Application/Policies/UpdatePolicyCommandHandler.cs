using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.Policies;

public sealed class UpdatePolicyCommandHandler(IPolicyAdministration administration, ILogger<UpdatePolicyCommandHandler> logger)
    : ICommandHandler<UpdatePolicyCommand, Result<PolicyVersionRecord>>
{
    public async ValueTask<Result<PolicyVersionRecord>> Handle(UpdatePolicyCommand command, CancellationToken cancellationToken)
    {
        var result = await administration.PublishAsync(command.Document, command.Caller.UserId, command.ExpectedVersion, cancellationToken);

        if (result.Published is not { } published)
        {
            PolicyFailures.LogStale(logger, command.Caller.UserId, command.ExpectedVersion, result.CurrentVersion);
            return Result<PolicyVersionRecord>.FromFailure(PolicyFailures.Stale(result.CurrentVersion, command.ExpectedVersion));
        }

        // Versions are consecutive: a publish replaces exactly the version before it.
        PolicyFailures.LogPublished(logger, published.Version, command.Caller.UserId, published.Version - 1);
        return Result<PolicyVersionRecord>.Success(published);
    }
}
