using System.Collections.Concurrent;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// Runs the dispatcher's blocking database work on threads of its own. A burst of commands all waiting for the database
/// (SQLite has one writer) would otherwise hold every thread-pool thread, and each platform's ack, heartbeat and socket
/// read would wait for the pool to grow: Discord's acks did, under a burst of 200 interactions.
/// </summary>
public sealed class DispatchLane : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread[] _threads;

    /// <param name="threads">How many commands may touch the database at once: 1 for SQLite, whose writes take turns anyway.</param>
    public DispatchLane(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = [.. Enumerable.Range(0, threads).Select(i => new Thread(Drain) { IsBackground = true, Name = $"dispatch-lane-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the lane with the caller's execution context (its trace, its async locals).
    /// Work whose caller gave up before its turn is not run.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = ExecutionContext.Capture();
        _work.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                done.TrySetResult(context is null ? work() : InContext(context, work));
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        return done.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _work.Dispose();
    }

    private static T InContext<T>(ExecutionContext context, Func<T> work)
    {
        var result = default(T)!;
        ExecutionContext.Run(context, _ => result = work(), null);
        return result;
    }

    private void Drain()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }
}
