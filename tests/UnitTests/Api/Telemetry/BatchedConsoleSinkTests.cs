using System.Text;
using System.Text.Json;
using LlmGateway.Api.Telemetry;
using Serilog;
using Serilog.Configuration;
using Serilog.Formatting.Compact;

namespace LlmGateway.UnitTests.Api.Telemetry;

public class BatchedConsoleSinkTests
{
    [Fact]
    public void Dispose_EventsStillQueued_EveryLineWrittenWholeAndInOrder()
    {
        using var output = new MemoryStream();
        var logger = new LoggerConfiguration()
            .WriteTo.Sink(
                new BatchedConsoleSink(new RenderedCompactJsonFormatter(), output),
                new BatchingOptions { BufferingTimeLimit = TimeSpan.FromMinutes(1), EagerlyEmitFirstEvent = false })
            .CreateLogger();

        for (var i = 0; i < 2500; i++)
        {
            logger.Information("Request {Number} completed", i);
        }

        // Nothing is due yet (a minute's buffering): the lines are written because the logger is disposed, as at shutdown.
        logger.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2500, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            Assert.Equal(i, line.RootElement.GetProperty("Number").GetInt32());
        }
    }

    [Fact]
    public void Dispose_TheOutputStaysOpenForOtherWriters()
    {
        using var output = new MemoryStream();
        var logger = new LoggerConfiguration()
            .WriteTo.Sink(new BatchedConsoleSink(new RenderedCompactJsonFormatter(), output), new BatchingOptions())
            .CreateLogger();
        logger.Information("last line");

        logger.Dispose();

        Assert.True(output.CanWrite);
    }
}
