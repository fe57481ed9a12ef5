namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The catalogue as configured, resolved to deployments and routes before the host is built (each remote deployment
/// needs its own HTTP client, registered then). A configured catalogue (<c>Models:N</c>) is taken as written; without
/// one, a catalogue is derived from the provider settings so that a request behaves as it did in the fixed chain.
/// </summary>
internal sealed class ModelCatalogPlan
{
    private ModelCatalogPlan(List<DeploymentPlan> deployments, Dictionary<string, RoutePlan> routes, RoutePlan? catchAll, List<CatalogModel> listed)
    {
        Deployments = deployments;
        Routes = routes;
        CatchAll = catchAll;
        Listed = listed;
    }

    /// <summary>Every deployment once; one shared by several models is one deployment (one client, one breaker).</summary>
    public IReadOnlyList<DeploymentPlan> Deployments { get; }

    /// <summary>By every name and alias.</summary>
    public IReadOnlyDictionary<string, RoutePlan> Routes { get; }

    /// <summary>The route of a model the catalogue does not name: only in a derived catalogue (the old chain); else unknown.</summary>
    public RoutePlan? CatchAll { get; }

    /// <summary>What <c>/v1/models</c> may list, before the policy and the caller's key narrow it.</summary>
    public IReadOnlyList<CatalogModel> Listed { get; }

    /// <summary>One route for every model and nothing listed (<see cref="ModelRouter.Chain"/>).</summary>
    public static ModelCatalogPlan Fixed(List<DeploymentPlan> deployments, RoutePlan route) =>
        new(deployments, new Dictionary<string, RoutePlan>(StringComparer.Ordinal), route, []);

    public static ModelCatalogPlan From(ProviderOptions options, string defaultModel) =>
        options.Models.Count == 0 ? Derived(options, defaultModel) : Configured(options, defaultModel);

    /// <summary>
    /// No <c>Models:N</c>: one deployment per configured provider (so one breaker per provider, as before). A provider's
    /// model is routed to it first, then to the providers after it in chain order; any other model goes down the whole
    /// chain, the primary asked for it by name. <c>local-echo</c> goes to the local provider.
    /// </summary>
    private static ModelCatalogPlan Derived(ProviderOptions options, string defaultModel)
    {
        var remotes = options.RemoteProviders(defaultModel);
        var deployments = new List<DeploymentPlan>(remotes.Count + 1);
        var tiers = new List<TierPlan>(remotes.Count + 1);
        var listed = new List<CatalogModel>(remotes.Count + 1);
        foreach (var remote in remotes)
        {
            tiers.Add(new TierPlan(remote.UsesRequestedModel ? null : remote.Model, [deployments.Count], [1]));
            deployments.Add(new DeploymentPlan(remote.Name, remote));
            listed.Add(new CatalogModel(remote.Model, remote.Name));
        }

        if (options.LocalFallback)
        {
            tiers.Add(new TierPlan(LocalChatProvider.ModelName, [deployments.Count], [1]));
            deployments.Add(new DeploymentPlan(LocalChatProvider.ProviderName, null));
            listed.Add(new CatalogModel(LocalChatProvider.ModelName, LocalChatProvider.ProviderName));
        }

        var routes = new Dictionary<string, RoutePlan>(StringComparer.Ordinal);
        for (var i = 0; i < tiers.Count; i++)
        {
            // The first provider of a model name takes it, as the old chain would have reached that one first.
            routes.TryAdd(listed[i].Id, new RoutePlan(listed[i].Id, tiers[i..].ToArray()));
        }

        return new ModelCatalogPlan(deployments, routes, new RoutePlan(null, [.. tiers]), listed);
    }

    private static ModelCatalogPlan Configured(ProviderOptions options, string defaultModel)
    {
        var remotes = new Dictionary<string, RemoteProvider>(StringComparer.Ordinal);
        foreach (var remote in options.RemoteProviders(defaultModel))
        {
            remotes[remote.Name] = remote;
        }

        var deployments = new List<DeploymentPlan>();
        var deploymentIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var models = options.Models;
        var modelTiers = new TierPlan[models.Count];
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var listed = new List<CatalogModel>();
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            var indexes = new int[model.Deployments.Count];
            var weights = new int[model.Deployments.Count];
            var prices = new ModelPrice?[model.Deployments.Count];
            for (var d = 0; d < indexes.Length; d++)
            {
                var deployment = model.Deployments[d];
                indexes[d] = DeploymentFor(deployment.Provider, deployment.UpstreamModel ?? model.Name);
                weights[d] = deployment.Weight;
                prices[d] = deployment.Price?.ToPrice();
            }

            modelTiers[i] = new TierPlan(model.Name, indexes, weights, prices);
            var owner = model.Deployments[0].Provider;
            byName[model.Name] = i;
            listed.Add(new CatalogModel(model.Name, owner));
            foreach (var alias in model.Aliases)
            {
                byName[alias] = i;
                listed.Add(new CatalogModel(alias, owner));
            }
        }

        // LOCAL_FALLBACK: the local model ends every route that does not already reach it.
        TierPlan? localTier = null;
        if (options.LocalFallback)
        {
            if (byName.TryGetValue(LocalChatProvider.ModelName, out var configured))
            {
                localTier = modelTiers[configured];
            }
            else
            {
                localTier = new TierPlan(LocalChatProvider.ModelName, [DeploymentFor(LocalChatProvider.ProviderName, LocalChatProvider.ModelName)], [1]);
                listed.Add(new CatalogModel(LocalChatProvider.ModelName, LocalChatProvider.ProviderName));
            }
        }

        var routes = new Dictionary<string, RoutePlan>(StringComparer.Ordinal);
        for (var i = 0; i < models.Count; i++)
        {
            var order = new List<TierPlan>();
            AddWithFallbacks(i, order);
            if (localTier is not null && !order.Contains(localTier))
            {
                order.Add(localTier);
            }

            var route = new RoutePlan(models[i].Name, [.. order]);
            routes[models[i].Name] = route;
            foreach (var alias in models[i].Aliases)
            {
                routes[alias] = route;
            }
        }

        if (localTier is not null)
        {
            routes.TryAdd(LocalChatProvider.ModelName, new RoutePlan(LocalChatProvider.ModelName, [localTier]));
        }

        return new ModelCatalogPlan(deployments, routes, catchAll: null, listed);

        int DeploymentFor(string provider, string upstreamModel)
        {
            var local = provider == LocalChatProvider.ProviderName;
            var key = local ? provider : $"{provider}:{upstreamModel}";
            if (!deploymentIndex.TryGetValue(key, out var index))
            {
                index = deployments.Count;
                deploymentIndex[key] = index;
                deployments.Add(new DeploymentPlan(key, local ? null : remotes[provider] with { Model = upstreamModel, UsesRequestedModel = false }));
            }

            return index;
        }

        // Depth first, each model once: a fallback's own fallbacks come before the next fallback of this model.
        void AddWithFallbacks(int model, List<TierPlan> order)
        {
            if (order.Contains(modelTiers[model]))
            {
                return;
            }

            order.Add(modelTiers[model]);
            foreach (var fallback in models[model].Fallbacks)
            {
                AddWithFallbacks(byName[fallback], order);
            }
        }
    }
}

/// <param name="Label">How logs and the breaker name the deployment: the provider's name in a derived catalogue, else <c>provider:upstream-model</c>.</param>
/// <param name="Remote">The provider, with the model it is asked for; null → the built-in local provider.</param>
internal sealed record DeploymentPlan(string Label, RemoteProvider? Remote)
{
    /// <summary>Whether the chat breaker of this deployment is open; set by its resilience pipeline, read by the router.</summary>
    public DeploymentHealth Health { get; } = new();

    /// <summary>
    /// The same for its embeddings calls, which have a client and a breaker of their own: a burst of failing embeddings
    /// does not stop chat on the deployment, nor failing chat its embeddings.
    /// </summary>
    public DeploymentHealth EmbeddingsHealth { get; } = new();

    public string HttpClientName => $"provider:{Label}";

    public string EmbeddingsHttpClientName => $"provider:{Label}:embeddings";
}

/// <param name="Model">The catalogue model these deployments serve; null → the model the client asked for (the primary of a derived catalogue).</param>
/// <param name="Deployments">Indexes into <see cref="ModelCatalogPlan.Deployments"/>.</param>
/// <param name="Prices">Each deployment's own price (<c>Models:N:Deployments:M:Price</c>), null where it has none; null for a tier no <c>Models:N</c> entry configures (a derived catalogue's, the local fallback's).</param>
internal sealed record TierPlan(string? Model, int[] Deployments, int[] Weights, ModelPrice?[]? Prices = null);

/// <param name="Model">The catalogue model a name or alias means; null for the catch-all route.</param>
/// <param name="Tiers">The model's deployments, then its fallbacks' in order.</param>
internal sealed record RoutePlan(string? Model, TierPlan[] Tiers);
