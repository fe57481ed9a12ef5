using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using LlmGateway.IntegrationTests.Fixtures;
using Microsoft.Extensions.Configuration;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// `docker compose up` must work on a fresh checkout after `cp .env.example .env`: the compose file is validated by
/// Compose itself (no engine needed), passes every setting of .env to the gateway, keeps Redis's data; the image is
/// built to run as a non-root user with a health check; .env.example lists every setting with its default.
/// </summary>
public sealed class DeploymentTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private const string JwtSecret = "compose-validation-secret-0123456789abcdef";

    /// <summary>What the compose file sets itself, whatever .env says: the stack's own Redis, Jaeger and listening address.</summary>
    private static readonly Dictionary<string, string> ComposeOwnSettings = new(StringComparer.Ordinal)
    {
        ["REDIS_HOST"] = "redis",
        ["REDIS_PORT"] = "6379",
        ["REDIS_CONFIGURATION"] = string.Empty,
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://jaeger:4317",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        ["OTEL_SERVICE_NAME"] = "llm-gateway",
        ["ASPNETCORE_URLS"] = "http://0.0.0.0:8000",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    [Fact]
    public async Task The_compose_file_is_valid_and_wires_redis_and_jaeger_into_the_gateway()
    {
        var (exitCode, output) = await ComposeConfigAsync(EnvExample() + $"JWT_SECRET={JwtSecret}\n", jwtSecretInShell: null);

        Assert.True(exitCode == 0, $"compose config failed: {output}");
        var gateway = ServiceSection(output, "gateway");
        var environment = ServiceEnvironment(gateway);
        Assert.Equal(JwtSecret, environment.GetValueOrDefault("JWT_SECRET"));
        foreach (var (key, value) in ComposeOwnSettings)
        {
            Assert.True(environment.TryGetValue(key, out var actual) && actual == value, $"The gateway service gets {key}={actual ?? "(nothing)"}, not {value}.");
        }

        // Published on loopback only: docker-compose 1.x prints "127.0.0.1:8000:8000/tcp", Compose 2 host_ip and published.
        var ports = string.Join('\n', Section(gateway, "ports"));
        Assert.True(
            ports.Contains("127.0.0.1:8000:8000", StringComparison.Ordinal)
            || (ports.Contains("host_ip: 127.0.0.1", StringComparison.Ordinal) && ports.Contains("published: \"8000\"", StringComparison.Ordinal)),
            $"The gateway is not published on 127.0.0.1:8000 only:\n{ports}");
    }

    [Fact]
    public async Task The_compose_file_refuses_to_start_the_gateway_without_a_jwt_secret()
    {
        var (exitCode, output) = await ComposeConfigAsync(EnvExample(), jwtSecretInShell: null);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("set JWT_SECRET in .env", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_compose_file_passes_every_setting_of_the_env_example_to_the_gateway()
    {
        // Every key .env.example names, set or commented out, gets a value of its own in .env.
        var keys = EnvExampleKeys();
        Assert.Contains("AZURE_OPENAI_API_KEY", keys);
        Assert.Contains("REDIS_PASSWORD", keys);
        Assert.Contains("Guardrails__Plugins__0", keys);
        var env = new StringBuilder();
        foreach (var key in keys)
        {
            env.Append(key).Append("=from-env-").Append(key.Replace('.', '-')).Append('\n');
        }

        var (exitCode, output) = await ComposeConfigAsync(env.ToString(), jwtSecretInShell: null);

        Assert.True(exitCode == 0, $"compose config failed: {output}");
        var environment = ServiceEnvironment(ServiceSection(output, "gateway"));
        foreach (var key in keys)
        {
            var expected = ComposeOwnSettings.TryGetValue(key, out var own) ? own : "from-env-" + key.Replace('.', '-');
            Assert.True(
                environment.TryGetValue(key, out var actual) && actual == expected,
                $"The gateway service gets {key}={actual ?? "(nothing)"}, not {expected}:\n{output}");
        }
    }

    [Fact]
    public async Task The_compose_redis_keeps_its_data_in_an_append_only_file_on_a_named_volume()
    {
        var (exitCode, output) = await ComposeConfigAsync(EnvExample() + $"JWT_SECRET={JwtSecret}\n", jwtSecretInShell: null);

        Assert.True(exitCode == 0, $"compose config failed: {output}");
        var redis = string.Join('\n', ServiceSection(output, "redis"));
        Assert.Contains("--appendonly yes", redis, StringComparison.Ordinal);
        // docker-compose 1.x prints "redis-data:/data:rw", Compose 2 the long form with "source: redis-data".
        Assert.True(
            redis.Contains("redis-data:/data", StringComparison.Ordinal) || redis.Contains("source: redis-data", StringComparison.Ordinal),
            $"Redis does not keep /data on the named volume redis-data:\n{redis}");
        Assert.Contains(TopLevelSection(output, "volumes"), line => line.Trim() == "redis-data:" || line.Trim().StartsWith("redis-data: ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_env_example_lists_every_setting_the_gateway_binds_with_its_default()
    {
        var example = File.ReadAllLines(Path.Combine(RepositoryRoot, ".env.example"));
        var keys = EnvExampleKeys();
        var problems = new List<string>();
        foreach (var assembly in new[] { "LlmGateway.Api", "LlmGateway.Application", "LlmGateway.Infrastructure" })
        {
            foreach (var type in Assembly.Load(assembly).GetTypes())
            {
                CheckOptions(type, example, keys, problems);
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static void CheckOptions(Type type, string[] example, IReadOnlyList<string> keys, List<string> problems)
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public;
        var section = type.GetField("SectionName", BindingFlags.Static | BindingFlags.Public) is { IsLiteral: true } field
            ? field.GetRawConstantValue() as string
            : null;
        object? defaults = null;
        foreach (var property in type.GetProperties(Instance))
        {
            var flatName = property.GetCustomAttributes(typeof(ConfigurationKeyNameAttribute), inherit: false)
                .Cast<ConfigurationKeyNameAttribute>().FirstOrDefault()?.Name;
            var key = flatName ?? (section is null ? null : section + "__" + property.Name);
            if (key is null)
            {
                continue;
            }

            if (!keys.Any(k => k == key || k.StartsWith(key + "__", StringComparison.Ordinal)))
            {
                problems.Add($"{type.Name}.{property.Name}: {key} is not in .env.example");
                continue;
            }

            if (!IsScalar(property.PropertyType))
            {
                continue;
            }

            defaults ??= Activator.CreateInstance(type, nonPublic: true);
            var expected = property.GetValue(defaults) switch
            {
                null => null,
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString(),
            };
            var set = example.FirstOrDefault(line => line.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
            if (set != expected && !(string.IsNullOrEmpty(expected) && set is null))
            {
                problems.Add($"{type.Name}.{property.Name}: .env.example shows {key}={set ?? "(commented out)"}, the default is {expected ?? "unset"}");
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(long) || type == typeof(double);

    /// <summary>.env.example's text, for a .env that holds exactly what a newcomer's copy holds.</summary>
    private static string EnvExample() => File.ReadAllText(Path.Combine(RepositoryRoot, ".env.example")).TrimEnd() + "\n";

    /// <summary>Every KEY that .env.example names as <c>KEY=</c> or <c># KEY=</c>, in order.</summary>
    private static List<string> EnvExampleKeys()
    {
        var keys = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(RepositoryRoot, ".env.example")))
        {
            var match = Regex.Match(line, @"^#?\s?([A-Za-z][A-Za-z0-9_.]*)=");
            if (match.Success && !keys.Contains(match.Groups[1].Value))
            {
                keys.Add(match.Groups[1].Value);
            }
        }

        return keys;
    }

    /// <summary>
    /// `compose config` on a copy of docker-compose.yml next to a .env holding <paramref name="dotEnv"/>, as after
    /// `cp .env.example .env`; a developer's own .env in the checkout plays no part.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> ComposeConfigAsync(string dotEnv, string? jwtSecretInShell)
    {
        var directory = Directory.CreateTempSubdirectory("compose-");
        try
        {
            File.Copy(Path.Combine(RepositoryRoot, "docker-compose.yml"), Path.Combine(directory.FullName, "docker-compose.yml"));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, ".env"), dotEnv);
            // Compose reads the shell before .env: a JWT_SECRET in the test run's environment must not leak in.
            var environment = new Dictionary<string, string?> { ["JWT_SECRET"] = jwtSecretInShell, ["REDIS_PASSWORD"] = null };
            return await ComposeAsync(directory.FullName, "config", environment);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The lines of <c>services.NAME</c> in compose's YAML output.</summary>
    private static string[] ServiceSection(string yaml, string service) => Section(TopLevelSection(yaml, "services"), service);

    private static string[] TopLevelSection(string yaml, string key) => Section(yaml.Split('\n'), key);

    /// <summary>The lines below <paramref name="key"/>, where the key is one of the least indented lines of <paramref name="lines"/>.</summary>
    private static string[] Section(string[] lines, string key)
    {
        var indent = lines.Where(line => line.Trim().Length > 0).Min(Indent);
        for (var i = 0; i < lines.Length; i++)
        {
            if (Indent(lines[i]) != indent || lines[i].Trim() != key + ":")
            {
                continue;
            }

            // A YAML list may sit at its key's own indentation ("ports:" then "- 127.0.0.1:8000:8000/tcp").
            var end = i + 1;
            while (end < lines.Length
                   && (lines[end].Trim().Length == 0 || Indent(lines[end]) > indent || (Indent(lines[end]) == indent && lines[end].TrimStart().StartsWith("- ", StringComparison.Ordinal))))
            {
                end++;
            }

            return lines[(i + 1)..end];
        }

        Assert.Fail($"No section {key} in the compose output:\n{string.Join('\n', lines)}");
        return [];
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    /// <summary>The service's <c>environment</c> as compose resolved it, values without YAML quotes.</summary>
    private static Dictionary<string, string> ServiceEnvironment(string[] service)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Section(service, "environment"))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                environment[line[..colon].Trim()] = line[(colon + 2)..].Trim().Trim('\'', '"');
            }
        }

        return environment;
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_with_a_health_check_and_no_local_env_file()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot, "Dockerfile"));
        var dockerignore = File.ReadAllLines(Path.Combine(RepositoryRoot, ".dockerignore"));

        Assert.Contains("USER $APP_UID", dockerfile, StringComparison.Ordinal);
        Assert.Contains("HEALTHCHECK", dockerfile, StringComparison.Ordinal);
        Assert.Contains("\"healthcheck\"", dockerfile, StringComparison.Ordinal);
        Assert.Contains(".env", dockerignore);
    }

    /// <summary>`docker compose` when the Docker CLI has the plugin, else the standalone `docker-compose` (test.sh installs it).</summary>
    private static async Task<(int ExitCode, string Output)> ComposeAsync(string directory, string arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var hasPlugin = OnPath("docker") && (await RunAsync(directory, "docker", "compose version", new Dictionary<string, string?>())).ExitCode == 0;
        Assert.True(hasPlugin || OnPath("docker-compose"), "Neither `docker compose` nor `docker-compose` is installed (./test.sh installs docker-compose).");
        return hasPlugin
            ? await RunAsync(directory, "docker", "compose -f docker-compose.yml " + arguments, environment)
            : await RunAsync(directory, "docker-compose", "-f docker-compose.yml " + arguments, environment);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, string file, string arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var (exitCode, output, errors) = await ExternalProcess.RunAsync(file, arguments, TimeSpan.FromSeconds(60), directory, environment);
        return (exitCode, output + errors);
    }

    private static bool OnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, file)));

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LlmGateway.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("LlmGateway.sln not found above the test binaries.");
    }
}
