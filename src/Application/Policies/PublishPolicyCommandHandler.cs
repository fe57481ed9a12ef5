using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Policies;

/// <summary>
/// Publishes the next policy version: a new document (PUT), a patch of the live one (PATCH) or an earlier version's
/// document (rollback). Each is checked against the live version it was read with and published only while that version
/// is still live; a change that switches a protection off is published only when the request confirms it, and is logged
/// as a warning naming the admin and the fields.
/// </summary>
public sealed class PublishPolicyCommandHandler(IPolicyAdministration administration, PolicyDocumentValidator documents, ILogger<PublishPolicyCommandHandler> logger)
    : ICommandHandler<UpdatePolicyCommand, Result<PolicyVersionRecord>>,
      ICommandHandler<RollbackPolicyCommand, Result<PolicyVersionRecord>>
{
    public async ValueTask<Result<PolicyVersionRecord>> Handle(UpdatePolicyCommand command, CancellationToken cancellationToken)
    {
        var change = command.Change;
        // The body's own shape does not depend on the live version: an envelope is refused before anything else.
        var shape = PolicyDocumentJson.FindShapeProblems(change.Body);
        if (shape.Count > 0 && shape[0].Message == PolicyDocumentJson.EnvelopeMessage)
        {
            return Invalid(shape);
        }

        for (var attempt = 1; ; attempt++)
        {
            var live = await administration.GetCurrentAsync(cancellationToken);
            if (!change.IfMatch.IsSatisfiedBy(live.Version))
            {
                return Stale(command.Caller, change.IfMatch, live.Version);
            }

            var problems = new List<PolicyProblem>(shape);
            var json = change.Edit == PolicyEdit.MergePatch ? PolicyDocumentJson.MergePatch(live.Document, change.Body) : change.Body;
            var document = PolicyPublishing.ReadValid(json, problems, documents);
            if (problems.Count > 0)
            {
                return Invalid(problems);
            }

            if (await PublishAsync(live, document!, command.Caller, change.IfMatch, change.ConfirmProtectionOff, rolledBackFrom: null, attempt, cancellationToken) is { } result)
            {
                return result;
            }
        }
    }

    public async ValueTask<Result<PolicyVersionRecord>> Handle(RollbackPolicyCommand command, CancellationToken cancellationToken)
    {
        if (await administration.GetVersionAsync(command.Version, cancellationToken) is not { } source)
        {
            return Result<PolicyVersionRecord>.FromFailure(PolicyFailures.UnknownVersion(command.Version));
        }

        for (var attempt = 1; ; attempt++)
        {
            var live = await administration.GetCurrentAsync(cancellationToken);
            if (!command.IfMatch.IsSatisfiedBy(live.Version))
            {
                return Stale(command.Caller, command.IfMatch, live.Version);
            }

            if (await PublishAsync(live, source.Document, command.Caller, command.IfMatch, command.ConfirmProtectionOff, command.Version, attempt, cancellationToken) is { } result)
            {
                return result;
            }
        }
    }

    /// <returns>The outcome, or null when another change was published since <paramref name="live"/> and this one may be re-applied.</returns>
    private async ValueTask<Result<PolicyVersionRecord>?> PublishAsync(
        PolicyVersionRecord live,
        PolicyDocument document,
        Caller caller,
        PolicyPrecondition ifMatch,
        bool confirmed,
        long? rolledBackFrom,
        int attempt,
        CancellationToken cancellationToken)
    {
        var turnedOff = PolicyProtection.TurnedOff(live.Document, document);
        var fields = turnedOff.Count > 0 ? PolicyPublishing.Paths(turnedOff) : string.Empty;
        if (PolicyPublishing.RefuseProtectionOff(turnedOff, confirmed) is { } refused)
        {
            PolicyFailures.LogProtectionOffRefused(logger, caller.UserId, fields);
            return Result<PolicyVersionRecord>.FromFailure(refused);
        }

        var result = await administration.PublishAsync(document, caller.UserId, live.Version, cancellationToken);
        if (result.Published is not { } published)
        {
            return !ifMatch.IsConditional && attempt < PolicyPublishing.Attempts ? null : Stale(caller, ifMatch, result.CurrentVersion);
        }

        if (rolledBackFrom is { } source)
        {
            PolicyFailures.LogRolledBack(logger, published.Version, caller.UserId, source, live.Version);
        }
        else
        {
            PolicyFailures.LogPublished(logger, published.Version, caller.UserId, live.Version);
        }

        if (turnedOff.Count > 0)
        {
            PolicyFailures.LogProtectionOff(logger, published.Version, caller.UserId, fields, live.Version);
        }

        return Result<PolicyVersionRecord>.Success(published);
    }

    private Result<PolicyVersionRecord> Stale(Caller caller, PolicyPrecondition ifMatch, long liveVersion)
    {
        var named = ifMatch.ToString();
        PolicyFailures.LogStale(logger, caller.UserId, named, liveVersion);
        return Result<PolicyVersionRecord>.FromFailure(PolicyFailures.Stale(liveVersion, ifMatch));
    }

    private static Result<PolicyVersionRecord> Invalid(List<PolicyProblem> problems) =>
        Result<PolicyVersionRecord>.FromFailure(PolicyPublishing.Invalid(problems));
}
