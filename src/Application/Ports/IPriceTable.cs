namespace LlmGateway.Application.Ports;

/// <summary>
/// What a model costs per million tokens. The lookup is by the model the caller asked for; a model the table does not
/// name costs the default price. A catalogue deployment may have a price of its own (<see cref="ServedDeployment.Price"/>),
/// which replaces this one when that deployment answers.
/// </summary>
public interface IPriceTable
{
    /// <summary>The table's price for <paramref name="model"/>: what an answer costs from a deployment without a price of its own.</summary>
    ModelPrice PriceFor(string model);

    /// <summary>
    /// What a request for <paramref name="model"/> reserves at before it is routed: the highest price of any deployment that
    /// may answer it (its own, else <see cref="PriceFor"/>; fallbacks' deployments included), per token kind, so that
    /// no answer costs more than its reservation.
    /// </summary>
    ModelPrice HighestPriceFor(string model);

    /// <summary>The table's name for the entry that prices <paramref name="model"/>, or null when the default price does: metrics label models by it (the rest as <c>_OTHER</c>), so their cardinality is the table's.</summary>
    string? PricedName(string model);
}
