using System.Diagnostics;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// `docker compose up` must work on a fresh checkout: the compose file is validated by Compose itself (no engine
/// needed), and the image is built to run as a non-root user with a health check.
/// </summary>
public sealed class DeploymentTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public async Task The_compose_file_is_valid_and_wires_redis_and_jaeger_into_the_gateway()
    {
        var (exitCode, output) = await ComposeAsync("config", new Dictionary<string, string> { ["JWT_SECRET"] = "compose-validation-secret-0123456789abcdef" });

        Assert.True(exitCode == 0, $"compose config failed: {output}");
        Assert.Contains("REDIS_HOST: redis", output, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT: http://jaeger:4317", output, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:8000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_compose_file_refuses_to_start_the_gateway_without_a_jwt_secret()
    {
        var (exitCode, output) = await ComposeAsync("config", new Dictionary<string, string> { ["JWT_SECRET"] = string.Empty });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("JWT_SECRET", output, StringComparison.Ordinal);
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
    private static async Task<(int ExitCode, string Output)> ComposeAsync(string arguments, IReadOnlyDictionary<string, string> environment)
    {
        var hasPlugin = OnPath("docker") && (await RunAsync("docker", "compose version", new Dictionary<string, string>())).ExitCode == 0;
        Assert.True(hasPlugin || OnPath("docker-compose"), "Neither `docker compose` nor `docker-compose` is installed (./test.sh installs docker-compose).");
        return hasPlugin
            ? await RunAsync("docker", "compose -f docker-compose.yml " + arguments, environment)
            : await RunAsync("docker-compose", "-f docker-compose.yml " + arguments, environment);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
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
