using LlmGateway.Application.Guardrails;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Application.Guardrails;

/// <summary>
/// The output guards' identity, which the response cache's key carries: a stored answer is served only to a gateway
/// whose output guards would have judged it the same way.
/// </summary>
public sealed class GuardrailSetTests
{
    [Fact]
    public void OutputGuardsId_NoOutputGuard_IsZeroEvenWithPromptGuards()
    {
        Assert.Equal(0, GuardrailSet.Empty.OutputGuardsId);
        Assert.Equal(0, new GuardrailSet([new TestGuard("prompt-only")], []).OutputGuardsId);
    }

    [Fact]
    public void OutputGuardsId_SameGuardsAndSettingsInOtherInstances_Same()
    {
        Assert.Equal(Set(new TestGuard("a", configurationDigest: "terms:1")).OutputGuardsId, Set(new TestGuard("a", configurationDigest: "terms:1")).OutputGuardsId);
    }

    [Fact]
    public void OutputGuardsId_GuardAdded_Differs()
    {
        Assert.NotEqual(0, Set(new TestGuard("a")).OutputGuardsId);
        Assert.NotEqual(Set(new TestGuard("a")).OutputGuardsId, Set(new TestGuard("a"), new OtherGuard()).OutputGuardsId);
    }

    [Fact]
    public void OutputGuardsId_GuardReconfigured_Differs()
    {
        Assert.NotEqual(Set(new TestGuard("a", configurationDigest: "terms:1")).OutputGuardsId, Set(new TestGuard("a", configurationDigest: "terms:2")).OutputGuardsId);
    }

    [Fact]
    public void OutputGuardsId_OtherGuardClassOrOrder_Differs()
    {
        Assert.NotEqual(Set(new TestGuard("a")).OutputGuardsId, Set(new OtherGuard()).OutputGuardsId);
        Assert.NotEqual(Set(new TestGuard("a"), new OtherGuard()).OutputGuardsId, Set(new OtherGuard(), new TestGuard("a")).OutputGuardsId);
    }

    private static GuardrailSet Set(params IOutputGuard[] guards) => new([], guards);

    /// <summary>A guard that keeps the contract's default (no settings of its own).</summary>
    private sealed class OtherGuard : IOutputGuard
    {
        public string Name => "other";

        public ValueTask<OutputVerdict> InspectAsync(OutputGuardRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(OutputVerdict.Allow);
    }
}
