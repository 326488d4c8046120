using System.Collections.Concurrent;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// The requests this process is rendering right now, so a cancel in the same process reaches the
/// pipeline at once (it stops within one step); other processes learn of a cancel from the database.
/// </summary>
public sealed class RunningRequests
{
    private readonly ConcurrentDictionary<string, RunningRequest> _running = new();

    public RunningRequest Register(string requestId, CancellationToken jobToken)
    {
        var running = new RunningRequest(requestId, jobToken, this);
        _running[requestId] = running;
        return running;
    }

    /// <summary>Cancels the request if it runs in this process; false otherwise.</summary>
    public bool RequestCancel(string requestId)
    {
        if (!_running.TryGetValue(requestId, out var running))
        {
            return false;
        }

        running.RequestCancel();
        return true;
    }

    internal void Remove(RunningRequest running) => _running.TryRemove(new KeyValuePair<string, RunningRequest>(running.RequestId, running));
}
