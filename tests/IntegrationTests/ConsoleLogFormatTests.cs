using System.Text.Json;
using System.Text.RegularExpressions;
using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>
/// What the gateway process writes on stdout: lines a person can read in Development (<c>dotnet run</c>), one compact
/// JSON object per line everywhere else, for a log collector.
/// </summary>
public sealed partial class ConsoleLogFormatTests
{
    private const string Started = "Application started";

    [Fact]
    public async Task Console_InDevelopment_WritesReadableLines()
    {
        var lines = await StartupLinesAsync("Development");

        var started = Assert.Single(lines, line => line.Contains(Started, StringComparison.Ordinal));
        Assert.Matches(ReadableLine(), started);
        Assert.DoesNotContain(lines, line => line.StartsWith('{'));
    }

    [Fact]
    public async Task Console_InProduction_WritesOneJsonObjectPerLine()
    {
        var lines = await StartupLinesAsync("Production");

        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("@t", out _), $"No @t in: {line}");
            Assert.True(json.RootElement.TryGetProperty("@m", out _), $"No @m in: {line}");
        }

        Assert.Contains(lines, line => line.Contains(Started, StringComparison.Ordinal));
    }

    /// <summary>Starts the built gateway in <paramref name="environment"/> and returns its output up to "Application started".</summary>
    private static async Task<List<string>> StartupLinesAsync(string environment)
    {
        await using var gateway = GatewayProcess.Start(environment, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["JWT_SECRET"] = GatewayApiFactory.JwtSecret,
            ["REDIS_HOST"] = null,
            ["REDIS_CONFIGURATION"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
            ["Serilog__MinimumLevel__Default"] = "Information",
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!gateway.Output.Contains(Started, StringComparison.Ordinal))
        {
            gateway.AssertRunning();
            await Task.Delay(100, timeout.Token);
        }

        return [.. gateway.Output.Split('\n').Where(line => line.Length > 0)];
    }

    [GeneratedRegex(@"^\[\d{2}:\d{2}:\d{2} INF\] Microsoft\.Hosting\.Lifetime: Application started")]
    private static partial Regex ReadableLine();
}
