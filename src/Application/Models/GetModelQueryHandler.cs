namespace LlmGateway.Application.Models;

public sealed class GetModelQueryHandler(IModelCatalog catalog) : IQueryHandler<GetModelQuery, Result<CatalogModel>>
{
    public ValueTask<Result<CatalogModel>> Handle(GetModelQuery query, CancellationToken cancellationToken)
    {
        foreach (var model in catalog.Models)
        {
            if (string.Equals(model.Id, query.Id, StringComparison.Ordinal) && ListModelsQueryHandler.MayUse(query, model.Id))
            {
                return ValueTask.FromResult(Result<CatalogModel>.Success(model));
            }
        }

        return ValueTask.FromResult(Result<CatalogModel>.FromFailure(ModelFailures.NotFound(query.Id)));
    }
}
