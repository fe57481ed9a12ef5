using LlmGateway.Application;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Application.Spend;
using LlmGateway.Infrastructure.InMemory;
using LlmGateway.Infrastructure.Spend;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LlmGateway.UnitTests.Support;

/// <summary>The spend side of the pipeline as the app composes it: the real token counter and price table, an in-memory ledger.</summary>
internal static class TestSpend
{
    /// <summary>One counter for every test: the tiktoken encodings take a moment to load.</summary>
    public static readonly TiktokenCounter Tokens = new();

    public static ConfiguredPriceTable Prices(PricingOptions? pricing = null) => new(Options.Create(pricing ?? new PricingOptions()));

    public static InMemorySpendLedger Ledger(TimeProvider? time = null) => new(time ?? new FakeTimeProvider(), Options.Create(new GatewayOptions()));

    public static SpendGate Gate(ISpendLedger? ledger = null, GatewayMetrics? metrics = null, GatewayOptions? options = null, IPriceTable? prices = null) =>
        new(ledger ?? Ledger(), Tokens, prices ?? Prices(), metrics ?? new GatewayMetrics(new TestMeterFactory()), Options.Create(options ?? new GatewayOptions()));
}
