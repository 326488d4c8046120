using System.Collections.Concurrent;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>Keeps every line, and lets a test await the n-th line with an event id: the signal that the code got there.</summary>
internal sealed class AwaitableLogger<T> : ILogger<T>
{
    private readonly Lock _lock = new();
    private readonly List<LogEntry> _entries = [];
    private readonly List<(int EventId, int Count, TaskCompletionSource<LogEntry> Done)> _waiters = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get { lock (_lock) { return [.. _entries]; } }
    }

    /// <summary>The <paramref name="count"/>-th line with <paramref name="eventId"/>, logged before or after the call; throws after 10 s.</summary>
    public async Task<LogEntry> WaitForAsync(int eventId, int count = 1)
    {
        var done = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var logged = _entries.Where(e => e.EventId == eventId).ToList();
            if (logged.Count >= count)
            {
                return logged[count - 1];
            }

            _waiters.Add((eventId, count, done));
        }

        try
        {
            return await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No log line {eventId} (#{count}) within 10 s; logged: [{string.Join(" | ", Entries.Select(e => $"{e.EventId} {e.Message}"))}]");
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var entry = new LogEntry(typeof(T).Name, logLevel, eventId.Id, formatter(state, exception), exception);
        List<TaskCompletionSource<LogEntry>> reached = [];
        lock (_lock)
        {
            _entries.Add(entry);
            var count = _entries.Count(e => e.EventId == eventId.Id);
            foreach (var waiter in _waiters.Where(w => w.EventId == eventId.Id && w.Count == count).ToList())
            {
                _waiters.Remove(waiter);
                reached.Add(waiter.Done);
            }
        }

        reached.ForEach(done => done.TrySetResult(entry));
    }
}
