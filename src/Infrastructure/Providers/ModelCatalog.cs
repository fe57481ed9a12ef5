namespace LlmGateway.Infrastructure.Providers;

/// <summary>The models the configured chain serves, for <c>GET /v1/models</c>: each provider's configured model, by provider.</summary>
public sealed class ModelCatalog(IReadOnlyList<ModelCatalog.Entry> models)
{
    public IReadOnlyList<Entry> Models { get; } = models;

    internal static ModelCatalog From(IReadOnlyList<RemoteProvider> remotes, bool localFallback)
    {
        var models = new List<Entry>(remotes.Count + 1);
        foreach (var remote in remotes)
        {
            models.Add(new Entry(remote.Model, remote.Name));
        }

        if (localFallback)
        {
            models.Add(new Entry(LocalChatProvider.ModelName, LocalChatProvider.ProviderName));
        }

        return new ModelCatalog(models);
    }

    public sealed record Entry(string Id, string OwnedBy);
}
