using System.Collections.Frozen;

namespace LlmGateway.Infrastructure.Spend;

/// <summary>
/// The price table from <see cref="PricingOptions"/>, frozen at start-up. A model is priced by its exact name, else by
/// the longest configured name it extends with a dash (<c>gpt-4o-mini-2024-07-18</c> → <c>gpt-4o-mini</c>), else at
/// the default price. Behind <see cref="IPriceTable"/>, so a per-deployment catalogue can replace it.
/// </summary>
internal sealed class ConfiguredPriceTable : IPriceTable
{
    private readonly FrozenDictionary<string, PricedModel> _prices;
    private readonly PricedModel[] _longestFirst;
    private readonly ModelPrice _default;

    public ConfiguredPriceTable(IOptions<PricingOptions> options)
    {
        var pricing = options.Value;
        _default = pricing.Default.ToPrice();
        _prices = pricing.Models.ToFrozenDictionary(e => e.Key, e => new PricedModel(e.Key, e.Value.ToPrice()), StringComparer.OrdinalIgnoreCase);
        _longestFirst = [.. _prices.Values.OrderByDescending(p => p.Name.Length)];
    }

    public ModelPrice PriceFor(string model) => Find(model)?.Price ?? _default;

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

    private sealed record PricedModel(string Name, ModelPrice Price);
}
