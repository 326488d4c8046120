using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.TestSupport;

/// <summary>One captured log line.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

/// <summary>Every log line of a host, with its category and event id, for assertions on what an operator would read.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new EntryLogger(categoryName, _entries);

    public void Dispose()
    {
    }
}

/// <summary>The lines one type logs, for a type constructed by hand with an <see cref="ILogger{T}"/>.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly EntryLogger _logger;

    public ListLogger() => _logger = new EntryLogger(typeof(T).Name, _entries);

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public bool Has(int eventId) => _entries.Any(entry => entry.EventId == eventId);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _logger.Log(logLevel, eventId, state, exception, formatter);
}

internal sealed class EntryLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception));
}
