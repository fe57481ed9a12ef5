using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Loader;

namespace LlmGateway.Infrastructure.Plugins;

/// <summary>
/// One plugin assembly and its private dependencies. Every assembly the host itself ships — the plugin
/// contracts in LlmGateway.Application and Domain, Microsoft.Extensions.*, the framework — resolves to the
/// host's copy, so the plugin's <c>IPromptGuard</c> is the host's <c>IPromptGuard</c> and the two can never drift.
/// Not collectible: a plugin lives as long as the process.
/// </summary>
internal sealed class PluginLoadContext(string pluginPath)
    : AssemblyLoadContext($"guardrail-plugin:{Path.GetFileName(pluginPath)}", isCollectible: false)
{
    private static readonly Lazy<FrozenSet<string>> HostAssemblies = new(ListHostAssemblies);

    private readonly AssemblyDependencyResolver _resolver = new(pluginPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || HostAssemblies.Value.Contains(assemblyName.Name))
        {
            return null; // the default context, i.e. the host's copy
        }

        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static FrozenSet<string> ListHostAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string trusted)
        {
            foreach (var path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        foreach (var assembly in Default.Assemblies)
        {
            if (assembly.GetName().Name is { } name)
            {
                names.Add(name);
            }
        }

        return names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
