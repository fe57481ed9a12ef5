namespace LlmGateway.Api.Configuration;

/// <summary>
/// Reads KEY=VALUE lines from a <c>.env</c> file (comments with #, optional <c>export</c>, optional quotes, <c>__</c> between sections).
/// It sits just below the real environment, so a variable set in the shell wins over the file.
/// </summary>
internal sealed class DotEnvConfigurationSource(string path) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DotEnvConfigurationProvider(path);

    private sealed class DotEnvConfigurationProvider(string path) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (File.Exists(path))
            {
                foreach (var rawLine in File.ReadLines(path))
                {
                    var line = rawLine.Trim();
                    if (line.Length == 0 || line[0] == '#')
                    {
                        continue;
                    }

                    if (line.StartsWith("export ", StringComparison.Ordinal))
                    {
                        line = line["export ".Length..].TrimStart();
                    }

                    var equals = line.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        continue;
                    }

                    var value = line[(equals + 1)..].Trim();
                    if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
                    {
                        value = value[1..^1];
                    }

                    // As for real environment variables, "__" separates sections (Guardrails__Plugins__0).
                    data[line[..equals].Trim().Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
                }
            }

            Data = data;
        }
    }
}

internal static class DotEnvConfigurationExtensions
{
    /// <summary>
    /// The <c>.env</c> in <paramref name="directory"/> or the nearest parent, stopping at the repository root
    /// (the first directory with a <c>.git</c>). <c>dotnet run --project src/Api</c> runs the app inside
    /// src/Api, so a <c>.env</c> at the repository root is found from there.
    /// </summary>
    public static string? FindNearest(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var candidate = Path.Combine(current.FullName, ".env");
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (Directory.Exists(Path.Combine(current.FullName, ".git")) || File.Exists(Path.Combine(current.FullName, ".git")))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Adds the file just before the environment-variable source, so real variables win.</summary>
    public static void AddDotEnvFile(this ConfigurationManager configuration, string path)
    {
        var sources = configuration.Sources;
        var index = sources.Count;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                index = i;
                break;
            }
        }

        sources.Insert(index, new DotEnvConfigurationSource(path));
    }
}
