namespace LlmGateway.Application.Policies;

/// <summary>
/// Makes an earlier version's document live again, published as a new version: history only grows, so a
/// rollback can itself be rolled back and every cache key of the versions in between stays unused.
/// </summary>
/// <param name="ExpectedVersion">From If-Match: publish only while this version is live; null publishes over any version.</param>
public sealed record RollbackPolicyCommand(Caller Caller, RequestContext Context, long Version, long? ExpectedVersion)
    : ICommand<Result<PolicyVersionRecord>>, IAuthorizedRequest, IStoreRequest, IValidatedRequest
{
    public static Role RequiredRole => Role.Admin;

    public static string Store => "policy";
}
