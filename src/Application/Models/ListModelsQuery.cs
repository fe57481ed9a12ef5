using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Models;

/// <summary>The models the caller may ask for: those the providers serve and the pinned policy allows.</summary>
public sealed record ListModelsQuery(Caller Caller, RequestContext Context, PolicySnapshot Policy)
    : IQuery<Result<ModelList>>, IAuthorizedRequest, IPolicyPinnedRequest
{
    public static Role RequiredRole => Role.User;
}
