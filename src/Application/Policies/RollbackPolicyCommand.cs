namespace LlmGateway.Application.Policies;

/// <summary>
/// Makes an earlier version's document live again, published as a new version: history only grows, so a
/// rollback can itself be rolled back and every cache key of the versions in between stays unused.
/// </summary>
/// <param name="IfMatch">From If-Match: publish only while one of these versions is live.</param>
/// <param name="ConfirmProtectionOff">The request confirms a rollback that switches a protection off (<c>?confirm=protection_off</c>).</param>
public sealed record RollbackPolicyCommand(Caller Caller, RequestContext Context, long Version, PolicyPrecondition IfMatch, bool ConfirmProtectionOff = false)
    : ICommand<Result<PolicyVersionRecord>>, IRequiresAdmin, IPolicyStoreRequest, IValidatedRequest;
