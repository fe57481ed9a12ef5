using LlmGateway.Application.Guardrails;
using LlmGateway.Domain.Policies;
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

    [Fact]
    public void OutputGuardsIdFor_PolicySwitchingAGuardOff_IsTheIdOfTheGuardsThatRun()
    {
        var both = Set(new TestGuard("a", configurationDigest: "terms:1"), new OtherGuard());
        var withoutOther = Set(new TestGuard("a", configurationDigest: "terms:1"));

        Assert.Equal(both.OutputGuardsId, both.OutputGuardsIdFor(TestPolicies.Default));
        Assert.Equal(withoutOther.OutputGuardsId, both.OutputGuardsIdFor(Switched(("other", false))));
        Assert.Equal(0, both.OutputGuardsIdFor(Switched(("other", false), ("a", false))));
        Assert.Equal(both.OutputGuardsId, both.OutputGuardsIdFor(Switched(("other", true))));
    }

    [Fact]
    public void Names_PromptAndOutputGuards_EachNameOnce()
    {
        var set = new GuardrailSet([new TestGuard("a"), new TestGuard("p")], [new TestGuard("a"), new OtherGuard()]);

        Assert.Equal(["a", "other", "p"], set.Names.Order(StringComparer.Ordinal));
    }

    private static GuardrailSet Set(params IOutputGuard[] guards) => new([], guards);

    private static PolicySnapshot Switched(params (string Name, bool Enabled)[] plugins) =>
        TestPolicies.Compile(d => d with { Plugins = plugins.ToDictionary(p => p.Name, p => new PluginSetting(p.Enabled)) });

    /// <summary>A guard that keeps the contract's default (no settings of its own).</summary>
    private sealed class OtherGuard : IOutputGuard
    {
        public string Name => "other";

        public ValueTask<OutputVerdict> InspectAsync(OutputGuardRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(OutputVerdict.Allow);
    }
}
