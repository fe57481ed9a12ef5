using System.Text.Json;
using LlmGateway.Application;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Policies;
using LlmGateway.Infrastructure;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmGateway.UnitTests.Infrastructure;

public class TeamPoliciesTests
{
    private readonly TeamPolicies _teams = new(Options.Create(new GatewayOptions()), NullLogger<TeamPolicies>.Instance);

    [Fact]
    public void For_TeamWithoutOverlay_NullSoTheGlobalSnapshotApplies()
    {
        _teams.GlobalChanged(TestPolicies.Default);

        Assert.Null(_teams.For("red"));
    }

    [Fact]
    public void OverlayChanged_MergedOverTheGlobalPolicy_TeamsSnapshotHasBothAndNamesItsOrigin()
    {
        var global = TestPolicies.Compile(p => p with { Redaction = p.Redaction with { Keywords = ["global-secret"] } }, version: 4);
        _teams.GlobalChanged(global);

        _teams.OverlayChanged("red", Overlay(2, """{"blocked_terms": ["quokka"]}"""));

        var red = _teams.For("red")!;
        Assert.Equal(["quokka"], red.Document.BlockedTerms);
        Assert.Equal(["global-secret"], red.Document.Redaction.Keywords);
        Assert.Equal(("red", 4L, 2L), (red.Team, red.Version, red.OverlayVersion));
        Assert.Null(_teams.For("blue"));
    }

    [Fact]
    public void GlobalChanged_AfterAnOverlay_TeamRecompiledOverTheNewGlobalPolicy()
    {
        _teams.GlobalChanged(TestPolicies.Default);
        _teams.OverlayChanged("red", Overlay(1, """{"blocked_terms": ["quokka"]}"""));

        _teams.GlobalChanged(TestPolicies.Compile(p => p with { Mode = PolicyMode.Monitor }, version: 9));

        var red = _teams.For("red")!;
        Assert.Equal(9, red.Version);
        Assert.Equal(PolicyMode.Monitor, red.Document.Mode);
        Assert.Equal(["quokka"], red.Document.BlockedTerms);
    }

    [Fact]
    public void GlobalChanged_OlderVersionThanInForce_Ignored()
    {
        _teams.GlobalChanged(TestPolicies.Compile(version: 5));
        _teams.OverlayChanged("red", Overlay(1, """{"blocked_terms": ["quokka"]}"""));

        _teams.GlobalChanged(TestPolicies.Compile(version: 4));

        Assert.Equal(5, _teams.For("red")!.Version);
    }

    [Fact]
    public void OverlayChanged_Removed_TeamFallsBackToTheGlobalPolicy()
    {
        _teams.GlobalChanged(TestPolicies.Default);
        _teams.OverlayChanged("red", Overlay(1, """{"blocked_terms": ["quokka"]}"""));

        _teams.OverlayChanged("red", null);

        Assert.Null(_teams.For("red"));
        Assert.Equal(0, _teams.OverlayVersion("red"));
    }

    [Fact]
    public void OverlayChanged_DoesNotCompile_TeamKeepsThePolicyItHad()
    {
        _teams.GlobalChanged(TestPolicies.Default);
        _teams.OverlayChanged("red", Overlay(1, """{"blocked_terms": ["quokka"]}"""));

        _teams.OverlayChanged("red", Overlay(2, """{"mode": "sideways"}"""));

        Assert.Equal(["quokka"], _teams.For("red")!.Document.BlockedTerms);
    }

    private static PolicyOverlayRecord Overlay(long version, string json)
    {
        using var document = JsonDocument.Parse(json);
        return new PolicyOverlayRecord(version, document.RootElement.Clone(), "lead", DateTimeOffset.UnixEpoch);
    }
}
