using DiffusionBot.Chat.Storage;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// Renews a running request's lease several times per lease period and watches the database for
/// a cancel asked from another process.
/// </summary>
internal sealed class LeaseKeeper : IDisposable
{
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromMilliseconds(250);

    private readonly RequestStore _requests;
    private readonly RunningRequest _running;
    private readonly string _owner;
    private readonly TimeSpan _lease;
    private readonly ITimer _timer;

    public LeaseKeeper(RequestStore requests, RunningRequest running, string owner, TimeSpan lease, TimeProvider time)
    {
        _requests = requests;
        _running = running;
        _owner = owner;
        _lease = lease;
        var period = lease / 4 < MaxPeriod ? lease / 4 : MaxPeriod;
        _timer = time.CreateTimer(_ => Tick(), null, period, period);
    }

    private void Tick()
    {
        try
        {
            if (_requests.Status(_running.RequestId) == RequestStatus.Cancelling)
            {
                _running.RequestCancel();
                return;
            }

            _requests.RenewLease(_running.RequestId, _owner, _lease);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or ObjectDisposedException or InvalidOperationException)
        {
            // A missed renewal is retried on the next tick; the lease outlasts several ticks.
        }
    }

    public void Dispose() => _timer.Dispose();
}
