namespace DiffusionBot.Chat.Jobs;

/// <summary>One request being rendered: its token trips on a user's cancel or on the job's own cancellation.</summary>
public sealed class RunningRequest : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly RunningRequests _owner;
    private int _cancelRequested;

    internal RunningRequest(string requestId, CancellationToken jobToken, RunningRequests owner)
    {
        RequestId = requestId;
        _owner = owner;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(jobToken);
    }

    public string RequestId { get; }

    public CancellationToken Token => _cancel.Token;

    /// <summary>True when a user asked to cancel (as opposed to the worker shutting down).</summary>
    public bool CancelRequested => Volatile.Read(ref _cancelRequested) == 1;

    public void RequestCancel()
    {
        Volatile.Write(ref _cancelRequested, 1);
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request finished in the meantime; nothing left to stop.
        }
    }

    public void Dispose()
    {
        _owner.Remove(this);
        _cancel.Dispose();
    }
}
