using System.Diagnostics;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>Runs a command-line tool the tests need (Compose, the OpenAPI linter) to its end, within a time limit.</summary>
internal static class ExternalProcess
{
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string file,
        string arguments,
        TimeSpan timeout,
        string? directory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (directory is not null)
        {
            start.WorkingDirectory = directory;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish within {timeout}: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
