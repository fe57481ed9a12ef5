using System.Collections.Frozen;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// Which deployments may answer a request for a model, in the order to try them. Chat completions route through it
/// (<see cref="ProviderChain"/>); any other call that names a model can route the same way.
/// </summary>
internal interface IModelRouter
{
    /// <summary>False when the catalogue has no model or alias of that name (answered with 404, param <c>model</c>).</summary>
    bool TryRoute(string model, out ModelRoute route);

    /// <summary>As <see cref="TryRoute"/>, for embeddings: the deployments' embeddings breakers decide which are skipped.</summary>
    bool TryRouteEmbeddings(string model, out ModelRoute route);

    /// <summary>Every deployment once, for the start-up report.</summary>
    IReadOnlyList<Deployment> Deployments { get; }
}

/// <summary>
/// The catalogue compiled once at start: a frozen lookup from every name and alias to its route, each route an array
/// of tiers (the model, then its fallbacks), each tier its deployments and weights. A request costs one lookup and, per
/// deployment tried, one weighted draw; nothing is allocated.
/// </summary>
internal sealed class ModelRouter : IModelRouter, IModelCatalog
{
    private readonly FrozenDictionary<string, RouteTable> _routes;
    private readonly RouteTable? _catchAll;
    private readonly Random _random;

    public ModelRouter(ModelCatalogPlan plan, IReadOnlyList<IChatProvider> clients, Random random)
    {
        var deployments = new Deployment[plan.Deployments.Count];
        for (var i = 0; i < deployments.Length; i++)
        {
            deployments[i] = new Deployment(plan.Deployments[i].Label, clients[i], plan.Deployments[i].Health, plan.Deployments[i].EmbeddingsHealth);
        }

        var tiers = new Dictionary<TierPlan, RouteTier>(ReferenceEqualityComparer.Instance);
        var tables = new Dictionary<RoutePlan, RouteTable>(ReferenceEqualityComparer.Instance);
        var routes = new Dictionary<string, RouteTable>(StringComparer.Ordinal);
        foreach (var (name, route) in plan.Routes)
        {
            routes[name] = Table(route);
        }

        _routes = routes.ToFrozenDictionary(StringComparer.Ordinal);
        _catchAll = plan.CatchAll is { } catchAll ? Table(catchAll) : null;
        _random = random;
        Deployments = deployments;
        Models = plan.Listed;

        RouteTable Table(RoutePlan route)
        {
            if (!tables.TryGetValue(route, out var table))
            {
                var routeTiers = new RouteTier[route.Tiers.Length];
                for (var t = 0; t < routeTiers.Length; t++)
                {
                    routeTiers[t] = Tier(route.Tiers[t]);
                }

                table = new RouteTable(route.Model, routeTiers);
                tables[route] = table;
            }

            return table;
        }

        RouteTier Tier(TierPlan tier)
        {
            if (!tiers.TryGetValue(tier, out var routeTier))
            {
                var members = new Deployment[tier.Deployments.Length];
                var served = new ServedDeployment[members.Length];
                for (var d = 0; d < members.Length; d++)
                {
                    members[d] = deployments[tier.Deployments[d]];
                    served[d] = new ServedDeployment(members[d].Label, tier.Prices?[d]);
                }

                routeTier = new RouteTier(tier.Model, members, tier.Weights, served);
                tiers[tier] = routeTier;
            }

            return routeTier;
        }
    }

    /// <summary>Every model to these providers in this order, each a tier of its own: the fixed chain (tests, and nothing configured).</summary>
    public static ModelRouter Chain(IReadOnlyList<IChatProvider> members)
    {
        var deployments = new List<DeploymentPlan>(members.Count);
        var tiers = new TierPlan[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            deployments.Add(new DeploymentPlan(members[i].Name, null));
            tiers[i] = new TierPlan(null, [i], [1]);
        }

        return new ModelRouter(ModelCatalogPlan.Fixed(deployments, new RoutePlan(null, tiers)), members, Random.Shared);
    }

    public IReadOnlyList<CatalogModel> Models { get; }

    public IReadOnlyList<Deployment> Deployments { get; }

    public bool TryRoute(string model, out ModelRoute route) => TryRoute(model, embeddings: false, out route);

    public bool TryRouteEmbeddings(string model, out ModelRoute route) => TryRoute(model, embeddings: true, out route);

    private bool TryRoute(string model, bool embeddings, out ModelRoute route)
    {
        if (_routes.TryGetValue(model, out var table) || (table = _catchAll) is not null)
        {
            route = new ModelRoute(table, _random, embeddings);
            return true;
        }

        route = default;
        return false;
    }
}

/// <summary>One deployment at run time: the client that calls it and the health its breakers (chat, embeddings) report.</summary>
internal sealed class Deployment(string label, IChatProvider chat, DeploymentHealth health, DeploymentHealth embeddingsHealth)
{
    public string Label { get; } = label;

    public IChatProvider Chat { get; } = chat;

    public ITracedProvider Traced { get; } = chat as ITracedProvider ?? new UntracedProvider(chat.Name);

    public DeploymentHealth Health { get; } = health;

    public DeploymentHealth EmbeddingsHealth { get; } = embeddingsHealth;
}

/// <param name="Model">The catalogue model served; null → the one the client asked for.</param>
/// <param name="Served">What an answer of each deployment says about it (made once, so an answer allocates nothing for it).</param>
internal sealed record RouteTier(string? Model, Deployment[] Deployments, int[] Weights, ServedDeployment[] Served);

internal sealed record RouteTable(string? Model, RouteTier[] Tiers);

/// <summary>
/// One request's walk through a route: within a tier, deployments whose breaker is closed are drawn by weight (each
/// once); those whose breaker is open come last (they fail at once, or carry the trial call once their break is over);
/// then the next tier. A mutable struct: keep it in a local and call <see cref="Next"/> on that local.
/// </summary>
internal struct ModelRoute
{
    private readonly RouteTable _table;
    private readonly Random _random;
    private readonly bool _embeddings;
    private int _tier;
    private int _picked;
    private ulong _tried;

    /// <param name="embeddings">Skip by the deployments' embeddings breakers rather than their chat breakers.</param>
    public ModelRoute(RouteTable table, Random random, bool embeddings)
    {
        _table = table;
        _random = random;
        _embeddings = embeddings;
    }

    /// <summary>The tier of the deployment <see cref="Next"/> returned last: 0 is the requested model, more is a fallback.</summary>
    public readonly int Tier => _tier;

    /// <summary>The catalogue model the deployment returned last serves.</summary>
    public readonly string ServedModel(string requested) => _table.Tiers[_tier].Model ?? requested;

    /// <summary>The deployment <see cref="Next"/> returned last, as its answer names it (with its own price, if it has one).</summary>
    public readonly ServedDeployment Served => _table.Tiers[_tier].Served[_picked];

    /// <summary>The next deployment to try, or null when every one was tried.</summary>
    public Deployment? Next()
    {
        var tiers = _table.Tiers;
        while (_tier < tiers.Length)
        {
            var tier = tiers[_tier];
            var pick = Pick(tier);
            if (pick >= 0)
            {
                _tried |= 1UL << pick;
                _picked = pick;
                return tier.Deployments[pick];
            }

            if (_tier + 1 == tiers.Length)
            {
                break;
            }

            _tier++;
            _tried = 0;
        }

        return null;
    }

    private readonly int Pick(RouteTier tier)
    {
        var deployments = tier.Deployments;
        if (deployments.Length == 1)
        {
            return _tried == 0 ? 0 : -1;
        }

        var now = Environment.TickCount64;
        var total = 0;
        for (var i = 0; i < deployments.Length; i++)
        {
            if ((_tried & (1UL << i)) == 0 && !IsOpen(deployments[i], now))
            {
                total += tier.Weights[i];
            }
        }

        if (total > 0)
        {
            var draw = _random.Next(total);
            for (var i = 0; i < deployments.Length; i++)
            {
                if ((_tried & (1UL << i)) == 0 && !IsOpen(deployments[i], now))
                {
                    draw -= tier.Weights[i];
                    if (draw < 0)
                    {
                        return i;
                    }
                }
            }
        }

        // Only open breakers left: in configured order.
        for (var i = 0; i < deployments.Length; i++)
        {
            if ((_tried & (1UL << i)) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private readonly bool IsOpen(Deployment deployment, long now) =>
        (_embeddings ? deployment.EmbeddingsHealth : deployment.Health).IsOpen(now);
}

/// <summary>
/// What the router knows of a deployment's circuit breaker: open until a moment (its break), closed otherwise. The
/// breaker itself lives in the deployment's resilience pipeline and reports here when it opens and closes.
/// </summary>
internal sealed class DeploymentHealth
{
    private long _openUntil;

    /// <param name="now"><see cref="Environment.TickCount64"/>.</param>
    public bool IsOpen(long now) => now < Volatile.Read(ref _openUntil);

    public void Opened(long now, TimeSpan breakDuration) => Volatile.Write(ref _openUntil, now + (long)breakDuration.TotalMilliseconds);

    public void Closed() => Volatile.Write(ref _openUntil, 0);
}
