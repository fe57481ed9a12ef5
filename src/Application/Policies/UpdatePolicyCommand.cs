using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Policies;

/// <summary>Publishes a whole policy document as the next version.</summary>
/// <param name="ExpectedVersion">From If-Match: publish only while this version is live; null publishes over any version.</param>
public sealed record UpdatePolicyCommand(Caller Caller, RequestContext Context, PolicyDocument Document, long? ExpectedVersion)
    : ICommand<Result<PolicyVersionRecord>>, IAuthorizedRequest, IStoreRequest, IValidatedRequest
{
    public static Role RequiredRole => Role.Admin;

    public static string Store => "policy";

    // The document stays out of ToString(), and so out of any log or exception that prints the command.
    public override string ToString() => $"UpdatePolicyCommand {{ Caller = {Caller.UserId}, ExpectedVersion = {ExpectedVersion} }}";
}
