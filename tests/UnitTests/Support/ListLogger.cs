using Microsoft.Extensions.Logging;

namespace LlmGateway.UnitTests.Support;

/// <summary>Keeps every log event written to it, for tests about what the logs say.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public List<LogEntry> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add(new LogEntry(logLevel, eventId.Id, formatter(state, exception)));
}

internal sealed record LogEntry(LogLevel Level, int EventId, string Message);
