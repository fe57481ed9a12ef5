namespace LlmGateway.Application.Models;

public sealed class ListModelsQueryHandler(IModelCatalog catalog) : IQueryHandler<ListModelsQuery, Result<ModelList>>
{
    public ValueTask<Result<ModelList>> Handle(ListModelsQuery query, CancellationToken cancellationToken)
    {
        var models = new List<CatalogModel>(catalog.Models.Count);
        foreach (var model in catalog.Models)
        {
            if (query.Policy.IsModelAllowed(model.Id))
            {
                models.Add(model);
            }
        }

        return ValueTask.FromResult(Result<ModelList>.Success(new ModelList(models)));
    }
}

public sealed record ModelList(IReadOnlyList<CatalogModel> Models);
