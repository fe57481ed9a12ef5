using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Models;

/// <summary>The models the caller may ask for: the catalogue's names and aliases that the pinned policy and the caller's API key allow.</summary>
public sealed record ListModelsQuery(Caller Caller, RequestContext Context, PolicySnapshot Policy)
    : IQuery<Result<ModelList>>, IRequiresUser, IPolicyPinnedRequest;
