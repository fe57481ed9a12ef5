using System.Collections.Frozen;
using LlmGateway.Infrastructure.Providers;

namespace LlmGateway.Infrastructure.Spend;

/// <summary>
/// The price table from <see cref="PricingOptions"/>, frozen at start-up. A model is priced by its exact name, else by
/// the longest configured name it extends with a dash (<c>gpt-4o-mini-2024-07-18</c> → <c>gpt-4o-mini</c>), else at
/// the default price. With the catalogue's own deployment prices (<c>Models:N:Deployments:M:Price</c>) it also knows,
/// per catalogue name, the highest price a request for it can be charged, which is what the request reserves.
/// </summary>
internal sealed class ConfiguredPriceTable : IPriceTable
{
    private readonly FrozenDictionary<string, PricedModel> _prices;
    private readonly PricedModel[] _longestFirst;
    private readonly ModelPrice _default;

    /// <summary>Only the names whose route has a deployment with a price of its own; any other reserves at <see cref="PriceFor"/>.</summary>
    private readonly FrozenDictionary<string, ModelPrice> _highest;

    /// <param name="catalogue">The model catalogue, when one is planned (not in the unit tests of the table alone).</param>
    public ConfiguredPriceTable(IOptions<PricingOptions> options, ModelCatalogPlan? catalogue = null)
    {
        var pricing = options.Value;
        _default = pricing.Default.ToPrice();
        _prices = pricing.Models.ToFrozenDictionary(e => e.Key, e => new PricedModel(e.Key, e.Value.ToPrice()), StringComparer.OrdinalIgnoreCase);
        _longestFirst = [.. _prices.Values.OrderByDescending(p => p.Name.Length)];
        _highest = catalogue is null ? FrozenDictionary<string, ModelPrice>.Empty : HighestPrices(catalogue);
    }

    public ModelPrice PriceFor(string model) => Find(model)?.Price ?? _default;

    public ModelPrice HighestPriceFor(string model) =>
        _highest.Count > 0 && _highest.TryGetValue(model, out var highest) ? highest : PriceFor(model);

    public string? PricedName(string model) => Find(model)?.Name;

    private PricedModel? Find(string model)
    {
        if (_prices.TryGetValue(model, out var exact))
        {
            return exact;
        }

        foreach (var priced in _longestFirst)
        {
            var name = priced.Name;
            if (model.Length > name.Length && model[name.Length] == '-' && model.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                return priced;
            }
        }

        return null;
    }

    /// <summary>
    /// Per name or alias whose route (its deployments, then its fallbacks') has a deployment with a price of its own: the
    /// highest input, output and cached-input price along it, each deployment without a price at the table's for the name.
    /// </summary>
    private FrozenDictionary<string, ModelPrice> HighestPrices(ModelCatalogPlan catalogue)
    {
        var highest = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var (name, route) in catalogue.Routes)
        {
            var table = PriceFor(name);
            var max = new ModelPrice(0, 0, 0);
            var ownPrice = false;
            foreach (var tier in route.Tiers)
            {
                for (var d = 0; d < tier.Deployments.Length; d++)
                {
                    var price = tier.Prices?[d];
                    ownPrice |= price.HasValue;
                    var charged = price ?? table;
                    max = new ModelPrice(
                        Math.Max(max.InputPerMillion, charged.InputPerMillion),
                        Math.Max(max.OutputPerMillion, charged.OutputPerMillion),
                        Math.Max(max.CachedInputPerMillion, charged.CachedInputPerMillion));
                }
            }

            if (ownPrice)
            {
                highest[name] = max;
            }
        }

        return highest.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record PricedModel(string Name, ModelPrice Price);
}
