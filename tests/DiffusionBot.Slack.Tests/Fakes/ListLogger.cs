using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>A logger that keeps every line, to assert on event ids and text.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, int EventId, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, eventId.Id, formatter(state, exception)));

    public bool Has(int eventId) => Lines.Any(line => line.EventId == eventId);
}
