using LlmGateway.Domain.Policies;

namespace LlmGateway.UnitTests.Support;

/// <summary>Policies compiled the way the gateway compiles them, for commands to pin.</summary>
internal static class TestPolicies
{
    public static readonly RoleLimits FallbackLimits = new();

    /// <summary>The default policy compiled once (snapshots are immutable): what a command pins unless a test says otherwise.</summary>
    public static readonly PolicySnapshot Default = Compile();

    /// <summary>The default policy (user limit 10 per 60 s), optionally changed, compiled as <paramref name="version"/>.</summary>
    public static PolicySnapshot Compile(Func<PolicyDocument, PolicyDocument>? change = null, long version = 1)
    {
        var document = DefaultPolicy.Create(10, 60);
        return PolicyCompiler.Compile(change is null ? document : change(document), version, FallbackLimits);
    }
}
