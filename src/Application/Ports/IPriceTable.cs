namespace LlmGateway.Application.Ports;

/// <summary>What a model costs per million tokens. The lookup is by the model the caller asked for; a model the table does not name costs the default price.</summary>
public interface IPriceTable
{
    ModelPrice PriceFor(string model);

    /// <summary>The table's name for the entry that prices <paramref name="model"/>, or null when the default price does: metrics label models by it (the rest as <c>_OTHER</c>), so their cardinality is the table's.</summary>
    string? PricedName(string model);
}
