using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Models;

/// <summary>One model the caller may ask for, by the name it asks for it; not found when the catalogue has no such name or the pinned policy or the caller's API key does not allow it.</summary>
public sealed record GetModelQuery(Caller Caller, RequestContext Context, PolicySnapshot Policy, string Id)
    : IQuery<Result<CatalogModel>>, IRequiresUser, IPolicyPinnedRequest;
