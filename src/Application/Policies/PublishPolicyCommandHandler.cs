namespace LlmGateway.Application.Policies;

/// <summary>Publishes the next policy version: a new document (PUT) or an earlier version's document (rollback).</summary>
public sealed class PublishPolicyCommandHandler(IPolicyAdministration administration, ILogger<PublishPolicyCommandHandler> logger)
    : ICommandHandler<UpdatePolicyCommand, Result<PolicyVersionRecord>>,
      ICommandHandler<RollbackPolicyCommand, Result<PolicyVersionRecord>>
{
    public async ValueTask<Result<PolicyVersionRecord>> Handle(UpdatePolicyCommand command, CancellationToken cancellationToken)
    {
        var result = await administration.PublishAsync(command.Document, command.Caller.UserId, command.ExpectedVersion, cancellationToken);
        if (result.Published is not { } published)
        {
            return Stale(command.Caller, command.ExpectedVersion, result.CurrentVersion);
        }

        // Versions are consecutive: a publish replaces exactly the version before it.
        PolicyFailures.LogPublished(logger, published.Version, command.Caller.UserId, published.Version - 1);
        return Result<PolicyVersionRecord>.Success(published);
    }

    public async ValueTask<Result<PolicyVersionRecord>> Handle(RollbackPolicyCommand command, CancellationToken cancellationToken)
    {
        if (await administration.GetVersionAsync(command.Version, cancellationToken) is not { } source)
        {
            return Result<PolicyVersionRecord>.FromFailure(PolicyFailures.UnknownVersion(command.Version));
        }

        var result = await administration.PublishAsync(source.Document, command.Caller.UserId, command.ExpectedVersion, cancellationToken);
        if (result.Published is not { } published)
        {
            return Stale(command.Caller, command.ExpectedVersion, result.CurrentVersion);
        }

        PolicyFailures.LogRolledBack(logger, published.Version, command.Caller.UserId, command.Version, published.Version - 1);
        return Result<PolicyVersionRecord>.Success(published);
    }

    private Result<PolicyVersionRecord> Stale(Caller caller, long? expectedVersion, long liveVersion)
    {
        PolicyFailures.LogStale(logger, caller.UserId, expectedVersion, liveVersion);
        return Result<PolicyVersionRecord>.FromFailure(PolicyFailures.Stale(liveVersion, expectedVersion));
    }
}
