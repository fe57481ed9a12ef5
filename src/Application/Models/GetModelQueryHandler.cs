namespace LlmGateway.Application.Models;

public sealed class GetModelQueryHandler(IModelCatalog catalog) : IQueryHandler<GetModelQuery, Result<CatalogModel>>
{
    public ValueTask<Result<CatalogModel>> Handle(GetModelQuery query, CancellationToken cancellationToken)
    {
        foreach (var model in catalog.Models)
        {
            if (string.Equals(model.Id, query.Id, StringComparison.Ordinal) && query.Policy.IsModelAllowed(model.Id))
            {
                return ValueTask.FromResult(Result<CatalogModel>.Success(model));
            }
        }

        // The same answer for a model nobody serves and one the policy hides: the caller learns only what it may use.
        var message = $"The model '{query.Id}' does not exist or you do not have access to it.";
        return ValueTask.FromResult(Result<CatalogModel>.FromFailure(new GatewayFailure(GatewayError.NotFound, message)
        {
            Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["model"] = [message] },
        }));
    }
}
