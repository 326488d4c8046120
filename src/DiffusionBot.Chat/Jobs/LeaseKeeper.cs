using DiffusionBot.Chat.Storage;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// Renews a running request's lease three times per lease period and watches for a cancel asked
/// from any process; a cancel trips the job's token, which stops the pipeline within one step.
/// </summary>
internal sealed class LeaseKeeper : IDisposable
{
    private readonly RequestStore _requests;
    private readonly string _requestId;
    private readonly string _owner;
    private readonly TimeSpan _lease;
    private readonly CancellationTokenSource _cancel;
    private readonly ITimer _timer;
    private int _cancelRequested;

    public LeaseKeeper(RequestStore requests, string requestId, string owner, TimeSpan lease, CancellationTokenSource cancel, TimeProvider time)
    {
        _requests = requests;
        _requestId = requestId;
        _owner = owner;
        _lease = lease;
        _cancel = cancel;
        var period = TimeSpan.FromMilliseconds(Math.Min(lease.TotalMilliseconds / 3, 500));
        _timer = time.CreateTimer(_ => Tick(), null, period, period);
    }

    public bool CancelRequested => Volatile.Read(ref _cancelRequested) == 1;

    private void Tick()
    {
        try
        {
            if (_requests.Status(_requestId) == RequestStatus.Cancelling)
            {
                Volatile.Write(ref _cancelRequested, 1);
                _cancel.Cancel();
                return;
            }

            _requests.RenewLease(_requestId, _owner, _lease);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or ObjectDisposedException or InvalidOperationException)
        {
            // A missed renewal is retried on the next tick; the lease outlasts several ticks.
        }
    }

    public void Dispose() => _timer.Dispose();
}
