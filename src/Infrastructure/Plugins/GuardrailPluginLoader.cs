using System.Reflection;
using LlmGateway.Application.Guardrails;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmGateway.Infrastructure.Plugins;

/// <summary>
/// Loads the assemblies listed in <c>Guardrails:Plugins</c>, each into its own <see cref="PluginLoadContext"/>, and
/// builds one instance of every public class implementing <see cref="IPromptGuard"/> or <see cref="IOutputGuard"/>
/// through DI (so a constructor can take <c>IConfiguration</c> or <c>ILogger&lt;T&gt;</c>). A listed plugin that cannot be
/// used stops start-up like any other configuration error: a security control silently missing is worse than a
/// gateway that does not start.
/// </summary>
internal sealed partial class GuardrailPluginLoader(
    IServiceProvider services,
    IOptions<GuardrailOptions> options,
    IHostEnvironment environment,
    ILogger<GuardrailPluginLoader> logger)
{
    public GuardrailSet Load()
    {
        var plugins = options.Value.Plugins;
        if (plugins.Count == 0)
        {
            return GuardrailSet.Empty;
        }

        var problems = new List<string>();
        var promptGuards = new List<IPromptGuard>();
        var outputGuards = new List<IOutputGuard>();
        for (var i = 0; i < plugins.Count; i++)
        {
            var key = $"{GuardrailOptions.SectionName}:{nameof(GuardrailOptions.Plugins)}:{i}";
            foreach (var guard in LoadOne(key, plugins[i], problems))
            {
                var kinds = new List<string>(2);
                if (guard is IPromptGuard prompt)
                {
                    promptGuards.Add(prompt);
                    kinds.Add("prompt");
                }

                if (guard is IOutputGuard output)
                {
                    outputGuards.Add(output);
                    kinds.Add("output");
                }

                var kindList = string.Join('+', kinds);
                var typeName = guard.GetType().FullName ?? guard.GetType().Name;
                var name = GuardName(guard);
                LogLoaded(logger, name, kindList, typeName, key);
            }
        }

        RequireUniqueNames(promptGuards.ConvertAll(g => g.Name), "prompt", problems);
        RequireUniqueNames(outputGuards.ConvertAll(g => g.Name), "output", problems);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                LogRefused(logger, problem);
            }

            throw new OptionsValidationException(GuardrailOptions.SectionName, typeof(GuardrailOptions), problems);
        }

        return new GuardrailSet(promptGuards, outputGuards);
    }

    private List<object> LoadOne(string key, string configuredPath, List<string> problems)
    {
        var envKey = key.Replace(":", "__", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(configuredPath))
        {
            problems.Add($"{key} ({envKey}) is empty; give the path of a plugin assembly or remove the entry.");
            return [];
        }

        var path = Path.GetFullPath(configuredPath, environment.ContentRootPath);
        if (!File.Exists(path))
        {
            problems.Add($"{key} ({envKey}): there is no plugin assembly at {path}.");
            return [];
        }

        Type[] types;
        try
        {
            types = new PluginLoadContext(path).LoadFromAssemblyPath(path).GetExportedTypes();
        }
        catch (Exception exception) when (exception is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException or TypeLoadException)
        {
            problems.Add($"{key} ({envKey}): {path} cannot be loaded as a .NET plugin assembly ({exception.GetType().Name}: {exception.Message}).");
            return [];
        }

        var guardTypes = new List<Type>();
        foreach (var type in types)
        {
            if (type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
                && (typeof(IPromptGuard).IsAssignableFrom(type) || typeof(IOutputGuard).IsAssignableFrom(type)))
            {
                guardTypes.Add(type);
            }
        }

        if (guardTypes.Count == 0)
        {
            problems.Add($"{key} ({envKey}): {path} has no public class implementing {nameof(IPromptGuard)} or {nameof(IOutputGuard)} "
                + "(a plugin built against another version of LlmGateway.Application does not count).");
            return [];
        }

        guardTypes.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        var guards = new List<object>(guardTypes.Count);
        foreach (var type in guardTypes)
        {
            try
            {
                var guard = ActivatorUtilities.CreateInstance(services, type);
                if (string.IsNullOrWhiteSpace(GuardName(guard)))
                {
                    problems.Add($"{key} ({envKey}): {type.FullName} has an empty Name.");
                    continue;
                }

                guards.Add(guard);
            }
#pragma warning disable CA1031 // Whatever a plugin's constructor throws, start-up must stop with a message naming the plugin.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                var cause = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
                problems.Add($"{key} ({envKey}): {type.FullName} could not be created: {cause.GetType().Name}: {cause.Message}");
            }
        }

        return guards;
    }

    private static string GuardName(object guard) => guard is IPromptGuard prompt ? prompt.Name : ((IOutputGuard)guard).Name;

    private static void RequireUniqueNames(List<string> names, string kind, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                problems.Add($"{GuardrailOptions.SectionName}:{nameof(GuardrailOptions.Plugins)}: two {kind} guards are named '{name}'; logs and traces could not tell them apart.");
            }
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "Guardrail plugin {Plugin:l} loaded ({Kinds:l} guard, {Type:l}, from {ConfigKey:l})")]
    private static partial void LogLoaded(ILogger logger, string plugin, string kinds, string type, string configKey);

    [LoggerMessage(EventId = 21, Level = LogLevel.Critical, Message = "Guardrail plugins refused: {Problem:l}")]
    private static partial void LogRefused(ILogger logger, string problem);
}
