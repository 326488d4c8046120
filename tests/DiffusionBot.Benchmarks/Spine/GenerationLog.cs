using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>
/// A logger provider that keeps the pipeline's "Generated … in N ms" events (its
/// <c>GenerationResult.Elapsed</c>, to the millisecond) and writes warnings and errors to stderr.
/// </summary>
internal sealed class GenerationLog : ILoggerProvider
{
    /// <summary>The pipeline's <c>Generated</c> event (DiffusionBot.Diffusion's Log).</summary>
    private const int GeneratedEventId = 1002;

    private readonly ConcurrentQueue<long> _generatedMilliseconds = new();

    /// <summary>The generation times logged since the last call, oldest first.</summary>
    public IReadOnlyList<long> Take()
    {
        var taken = new List<long>();
        while (_generatedMilliseconds.TryDequeue(out var milliseconds))
        {
            taken.Add(milliseconds);
        }

        return taken;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(GenerationLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == GeneratedEventId && state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                foreach (var (name, value) in fields)
                {
                    if (name == "Milliseconds" && value is long milliseconds)
                    {
                        log._generatedMilliseconds.Enqueue(milliseconds);
                    }
                }
            }
            else if (logLevel >= LogLevel.Warning)
            {
                Console.Error.WriteLine($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
