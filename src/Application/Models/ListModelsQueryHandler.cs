namespace LlmGateway.Application.Models;

public sealed class ListModelsQueryHandler(IModelCatalog catalog) : IQueryHandler<ListModelsQuery, Result<ModelList>>
{
    public ValueTask<Result<ModelList>> Handle(ListModelsQuery query, CancellationToken cancellationToken)
    {
        var models = new List<CatalogModel>(catalog.Models.Count);
        foreach (var model in catalog.Models)
        {
            if (MayUse(query, model.Id))
            {
                models.Add(model);
            }
        }

        return ValueTask.FromResult(Result<ModelList>.Success(new ModelList(models)));
    }

    /// <summary>
    /// What a chat request for <paramref name="name"/> would pass: the pinned policy's allowed models and the caller's API key
    /// models list, both by the name as written (an alias is allowed only when it is listed itself).
    /// </summary>
    internal static bool MayUse(IPolicyPinnedRequest query, string name) => query.Policy.IsModelAllowed(name) && query.Caller.MayUse(name);
}

public sealed record ModelList(IReadOnlyList<CatalogModel> Models);
