namespace LlmGateway.Infrastructure.Providers;

/// <summary>The models the configured chain serves: each provider's configured model, by provider.</summary>
internal sealed class ModelCatalog(IReadOnlyList<CatalogModel> models) : IModelCatalog
{
    public IReadOnlyList<CatalogModel> Models { get; } = models;

    public static ModelCatalog From(IReadOnlyList<RemoteProvider> remotes, bool localFallback)
    {
        var models = new List<CatalogModel>(remotes.Count + 1);
        foreach (var remote in remotes)
        {
            models.Add(new CatalogModel(remote.Model, remote.Name));
        }

        if (localFallback)
        {
            models.Add(new CatalogModel(LocalChatProvider.ModelName, LocalChatProvider.ProviderName));
        }

        return new ModelCatalog(models);
    }
}
