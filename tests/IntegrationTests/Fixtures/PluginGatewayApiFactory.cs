using System.Reflection;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// A gateway with guardrail plugins loaded from their build output, exactly as an operator enables them: the sample
/// confidential-terms plugin (terms <see cref="ConfidentialTerm"/>, <see cref="SecondTerm"/>) and the misbehaving test
/// plugins, in that order, each within <see cref="PluginTimeoutMs"/>.
/// </summary>
public class PluginGatewayApiFactory : GatewayApiFactory
{
    public const string ConfidentialTerm = "Falcon";
    public const string SecondTerm = "Blue Heron";
    public const int PluginTimeoutMs = 200;

    public PluginGatewayApiFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    protected PluginGatewayApiFactory(IReadOnlyDictionary<string, string?> overrides)
        : base(WithPlugins(overrides))
    {
    }

    public static string ConfidentialTermsPlugin => BuiltPlugin("ConfidentialTermsPlugin");

    public static string TestPlugins => BuiltPlugin("TestPlugins");

    internal static Dictionary<string, string?> WithPlugins(IReadOnlyDictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Guardrails:Plugins:0"] = ConfidentialTermsPlugin,
            ["Guardrails:Plugins:1"] = TestPlugins,
            ["Guardrails:PluginTimeoutMs"] = PluginTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConfidentialTerms:Terms:0"] = ConfidentialTerm,
            ["ConfidentialTerms:Terms:1"] = SecondTerm,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The plugin DLL that the build produced next to its project (IntegrationTests.csproj builds it first).</summary>
    private static string BuiltPlugin(string name)
    {
        foreach (var metadata in typeof(PluginGatewayApiFactory).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (metadata.Key == name && metadata.Value is { } path)
            {
                var full = Path.GetFullPath(path);
                Assert.True(File.Exists(full), $"The plugin {name} was not built at {full}.");
                return full;
            }
        }

        throw new InvalidOperationException($"IntegrationTests.csproj names no plugin {name}.");
    }
}

/// <summary>The plugin gateway in its own instance, for tests that switch the live policy to monitor mode.</summary>
public sealed class MonitorPluginGatewayApiFactory : PluginGatewayApiFactory;
