using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Slack.Hosting;

/// <summary>
/// Runs what an HTTP delivery asks for after its 200 has been sent, so Slack's 3-second budget never waits on a Web API call.
/// On shutdown the work in progress is cancelled and awaited.
/// </summary>
internal sealed class SlackBackgroundWork(ILogger<SlackBackgroundWork> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public void Run(string kind, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var token = _stopping.Token;
        var task = Task.Run(
            async () =>
            {
                try
                {
                    await work(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // Shutting down.
                }
                catch (Exception exception)
                {
                    logger.HandlerFailed(exception, kind);
                }
            },
            CancellationToken.None);
        _running.TryAdd(task, 0);
        task.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _), _running, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Keys).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
