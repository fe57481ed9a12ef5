using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.Policies;

public sealed class RollbackPolicyCommandHandler(IPolicyAdministration administration, ILogger<RollbackPolicyCommandHandler> logger)
    : ICommandHandler<RollbackPolicyCommand, Result<PolicyVersionRecord>>
{
    public async ValueTask<Result<PolicyVersionRecord>> Handle(RollbackPolicyCommand command, CancellationToken cancellationToken)
    {
        if (await administration.GetVersionAsync(command.Version, cancellationToken) is not { } source)
        {
            return Result<PolicyVersionRecord>.FromFailure(PolicyFailures.UnknownVersion(command.Version));
        }

        var result = await administration.PublishAsync(source.Document, command.Caller.UserId, command.ExpectedVersion, cancellationToken);

        if (result.Published is not { } published)
        {
            PolicyFailures.LogStale(logger, command.Caller.UserId, command.ExpectedVersion, result.CurrentVersion);
            return Result<PolicyVersionRecord>.FromFailure(PolicyFailures.Stale(result.CurrentVersion, command.ExpectedVersion));
        }

        // Versions are consecutive: a publish replaces exactly the version before it.
        PolicyFailures.LogRolledBack(logger, published.Version, command.Caller.UserId, command.Version, published.Version - 1);
        return Result<PolicyVersionRecord>.Success(published);
    }
}
