using LlmGateway.Infrastructure.Spend;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// One public model of the catalogue: <c>Models__0__Name=gpt-4o</c>, <c>Models__0__Aliases__0=gpt4o</c>,
/// <c>Models__0__Deployments__0__Provider=openai</c>, <c>…__UpstreamModel=gpt-4o-2024-08-06</c>, <c>…__Weight=3</c>,
/// <c>Models__0__Fallbacks__0=gpt-4o-mini</c> (docs/providers.md).
/// </summary>
public sealed class ModelOptions
{
    /// <summary>The name clients ask for and <c>/v1/models</c> lists.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Further names that mean this model; each is listed and checked against allow-lists as written.</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>Where the model runs; a request is load-balanced across them by weight.</summary>
    public List<DeploymentOptions> Deployments { get; set; } = [];

    /// <summary>Catalogue models tried in this order when every deployment of this one failed (theirs in turn after them).</summary>
    public List<string> Fallbacks { get; set; } = [];
}

/// <summary>One deployment of a catalogue model: a configured provider, the model name it is asked for there, a weight, and its own price.</summary>
public sealed class DeploymentOptions
{
    /// <summary><c>openai</c>, <c>azure-openai</c>, a <c>Providers:N:Name</c>, or <c>local</c>.</summary>
    public string Provider { get; set; } = string.Empty;

    /// <summary>The model name sent to the provider (for Azure: the deployment name); unset → the catalogue model's name.</summary>
    public string? UpstreamModel { get; set; }

    /// <summary>Share of the model's traffic relative to its other deployments.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>What the model costs when this deployment serves it; unset → the price table's (<c>Pricing:Models</c>) for the model asked for.</summary>
    public PriceEntry? Price { get; set; }
}

/// <summary>The catalogue's start-up checks; every message names the setting to fix.</summary>
internal static class ModelCatalogValidator
{
    /// <summary>Deployments of one model at most: the router tracks the ones tried in a 64-bit mask.</summary>
    public const int MaxDeploymentsPerModel = 64;

    public const int MaxWeight = 1000;

    private const int MaxNameLength = 200;

    /// <param name="providers">The names of the configured providers, in chain order (the local provider included).</param>
    public static void Validate(IReadOnlyList<ModelOptions> models, IReadOnlyList<string> providers, List<string> failures)
    {
        // Every name and alias → the index of its model.
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            CheckName(models, names, model.Name, i, $"Models:{i}:Name", failures);
            for (var a = 0; a < model.Aliases.Count; a++)
            {
                CheckName(models, names, model.Aliases[a], i, $"Models:{i}:Aliases:{a}", failures);
            }

            CheckDeployments(model, i, providers, failures);
        }

        for (var i = 0; i < models.Count; i++)
        {
            var fallbacks = models[i].Fallbacks;
            for (var f = 0; f < fallbacks.Count; f++)
            {
                if (!names.TryGetValue(fallbacks[f] ?? string.Empty, out var target))
                {
                    failures.Add($"Models:{i}:Fallbacks:{f} '{fallbacks[f]}' is not a model of the catalogue (Models:N:Name or an alias).");
                }
                else if (target == i)
                {
                    failures.Add($"Models:{i}:Fallbacks:{f} '{fallbacks[f]}' is the model itself.");
                }
            }
        }

        if (FindCycle(models, names) is { } cycle)
        {
            failures.Add($"Models: the fallbacks form a cycle ({cycle}); a fallback chain must end.");
        }
    }

    /// <summary>Whether <paramref name="name"/> is the name or an alias of a catalogue model.</summary>
    public static bool Names(IReadOnlyList<ModelOptions> models, string name)
    {
        foreach (var model in models)
        {
            if (string.Equals(model.Name, name, StringComparison.Ordinal) || Contains(model.Aliases, name))
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckName(IReadOnlyList<ModelOptions> models, Dictionary<string, int> names, string? name, int index, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            failures.Add($"{key} is required.");
            return;
        }

        if (name.Length > MaxNameLength || HasWhiteSpaceOrControl(name))
        {
            failures.Add($"{key} '{name}' must be 1-{MaxNameLength} characters without spaces or control characters.");
            return;
        }

        if (!names.TryAdd(name, index))
        {
            failures.Add($"{key} '{name}' is taken: it is already the name or an alias of Models:{names[name]} ({models[names[name]].Name}).");
        }
    }

    private static void CheckDeployments(ModelOptions model, int index, IReadOnlyList<string> providers, List<string> failures)
    {
        if (model.Deployments.Count is 0 or > MaxDeploymentsPerModel)
        {
            failures.Add($"Models:{index}:Deployments must list 1 to {MaxDeploymentsPerModel} deployments (Models:{index}:Deployments:0:Provider=...).");
        }

        var seen = new HashSet<(string, string)>();
        for (var d = 0; d < model.Deployments.Count; d++)
        {
            var deployment = model.Deployments[d];
            var key = $"Models:{index}:Deployments:{d}";
            if (string.IsNullOrWhiteSpace(deployment.Provider))
            {
                failures.Add($"{key}:Provider is required: one of {string.Join(", ", providers)}.");
            }
            else if (!Contains(providers, deployment.Provider))
            {
                failures.Add($"{key}:Provider '{deployment.Provider}' is not a configured provider: one of {string.Join(", ", providers)} "
                    + "(openai needs OPENAI_API_KEY, azure-openai AZURE_OPENAI_*, others a Providers:N entry; local needs no setting).");
            }

            if (deployment.Weight is < 1 or > MaxWeight)
            {
                failures.Add($"{key}:Weight must be between 1 and {MaxWeight} (it is {deployment.Weight}).");
            }

            if (deployment.UpstreamModel is { } upstream && (upstream.Length is 0 or > MaxNameLength || HasWhiteSpaceOrControl(upstream)))
            {
                failures.Add($"{key}:UpstreamModel '{upstream}' must be 1-{MaxNameLength} characters without spaces or control characters.");
            }

            deployment.Price?.Check($"{key}:Price", failures);
            if (!seen.Add((deployment.Provider, deployment.UpstreamModel ?? model.Name)))
            {
                failures.Add($"{key} repeats an earlier deployment of the model (same Provider and UpstreamModel): raise that one's Weight instead.");
            }
        }
    }

    /// <summary>A fallback path that comes back to where it started, as <c>a -> b -> a</c>; null when there is none.</summary>
    private static string? FindCycle(IReadOnlyList<ModelOptions> models, Dictionary<string, int> names)
    {
        // 0 unvisited, 1 on the current path, 2 done.
        var state = new int[models.Count];
        var path = new List<int>();
        for (var i = 0; i < models.Count; i++)
        {
            if (state[i] == 0 && Visit(i) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        string? Visit(int model)
        {
            state[model] = 1;
            path.Add(model);
            foreach (var fallback in models[model].Fallbacks)
            {
                if (!names.TryGetValue(fallback ?? string.Empty, out var next) || next == model)
                {
                    continue; // reported on its own
                }

                if (state[next] == 1)
                {
                    var start = path.IndexOf(next);
                    var loop = new List<string>();
                    for (var p = start; p < path.Count; p++)
                    {
                        loop.Add(models[path[p]].Name);
                    }

                    loop.Add(models[next].Name);
                    return string.Join(" -> ", loop);
                }

                if (state[next] == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[model] = 2;
            return null;
        }
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasWhiteSpaceOrControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
