using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>Runs after every parallel test collection (xunit runs non-parallel collections last).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AfterEverythingElse
{
    public const string Name = "After everything else";
}

/// <summary>
/// Over the whole integration suite: no prompt text, answer text, password, token, key or secret from the test
/// data appeared in any log line, span name or attribute, or metric label (see <see cref="SensitiveDataWatch"/>).
/// </summary>
[Collection(AfterEverythingElse.Name)]
public sealed class SensitiveDataTests
{
    [Fact]
    public void No_test_data_secret_reached_a_log_line_a_span_or_a_metric_label()
    {
        var (logLines, spans, measurements) = SensitiveDataWatch.Seen;

        Assert.True(SensitiveDataWatch.Found.Count == 0, string.Join('\n', SensitiveDataWatch.Found.Take(20)));
        // The watch saw the suite's traffic: it is not vacuously clean.
        Assert.True(logLines > 500, $"only {logLines} log lines were watched");
        Assert.True(spans > 500, $"only {spans} spans were watched");
        Assert.True(measurements > 500, $"only {measurements} metric measurements were watched");
    }
}
