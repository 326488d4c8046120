namespace DiffusionBot.Chat.Jobs;

/// <summary>One request being rendered: its token trips on a user's cancel or on the job's own cancellation.</summary>
public sealed class RunningRequest : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly RunningRequests _owner;
    private int _cancelRequested;
    private int _leaseLost;

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

    /// <summary>True when this worker no longer holds the request: it must stop and post nothing.</summary>
    public bool LeaseLost => Volatile.Read(ref _leaseLost) == 1;

    public void RequestCancel()
    {
        Volatile.Write(ref _cancelRequested, 1);
        Stop();
    }

    /// <summary>Stops the work because another worker took the request over (or may at any moment).</summary>
    public void LoseLease()
    {
        Volatile.Write(ref _leaseLost, 1);
        Stop();
    }

    private void Stop()
    {
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
