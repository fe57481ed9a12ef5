using System.Text.Json;

namespace LlmGateway.Application.Policies;

/// <summary>
/// Publishes the next policy version from what an admin sent: a whole document (PUT) or a JSON merge patch of the live one
/// (PATCH). Not validated by the pipeline: a patch is a document only once it is applied to the live version, so the
/// handler reads and validates the result (strictly, <see cref="Domain.Policies.PolicyDocumentJson"/>) and reports every
/// problem in one answer.
/// </summary>
public sealed record UpdatePolicyCommand(Caller Caller, RequestContext Context, PolicyChange Change)
    : ICommand<Result<PolicyVersionRecord>>, IRequiresAdmin, IPolicyStoreRequest
{
    public override string ToString() => $"UpdatePolicyCommand {{ Caller = {Caller.UserId}, {Change} }}";
}

/// <summary>
/// What a PUT or PATCH of a policy asks for, the global policy's or a team's overlay alike: read one way for both at the
/// edge, applied to the live version by each one's handler.
/// </summary>
/// <param name="Body">The JSON the admin sent, read but not yet interpreted.</param>
/// <param name="IfMatch">From If-Match: publish only while one of these versions is live.</param>
/// <param name="ConfirmProtectionOff">The request confirms a change that switches a protection off (<c>?confirm=protection_off</c>).</param>
public sealed record PolicyChange(JsonElement Body, PolicyEdit Edit, PolicyPrecondition IfMatch, bool ConfirmProtectionOff)
{
    // The document stays out of ToString(), and so out of any log or exception that prints the command.
    public override string ToString() => $"Edit = {Edit}, IfMatch = {IfMatch}, ConfirmProtectionOff = {ConfirmProtectionOff}";
}

/// <summary>How <see cref="PolicyChange.Body"/> changes the live policy.</summary>
public enum PolicyEdit
{
    /// <summary>The body is the whole new document (PUT); a field left out takes its default.</summary>
    Replace,

    /// <summary>The body is a JSON merge patch (RFC 7396) of the live document (PATCH).</summary>
    MergePatch,
}
