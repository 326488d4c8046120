using DiffusionBot.Chat.Storage;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// Renews a running request's lease several times per lease period, watches the database for a
/// cancel asked from another process, and stops the work when the lease is lost: when another
/// worker took the request over, or when no renewal has succeeded for half a lease (the database is
/// out of reach, so another worker may take it over once the lease runs out on the database's clock).
/// </summary>
internal sealed class LeaseKeeper : IDisposable
{
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromMilliseconds(250);

    private readonly RequestStore _requests;
    private readonly RunningRequest _running;
    private readonly string _owner;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _lastRenewalSent;

    public LeaseKeeper(RequestStore requests, RunningRequest running, string owner, TimeSpan lease, TimeProvider time)
    {
        _requests = requests;
        _running = running;
        _owner = owner;
        _lease = lease;
        _time = time;

        // The claim itself was the first renewal; elapsed time is measured locally, so a skewed
        // clock does not matter, only that the lease counted on the database started no earlier.
        _lastRenewalSent = time.GetTimestamp();
        var period = lease / 4 < MaxPeriod ? lease / 4 : MaxPeriod;
        _timer = time.CreateTimer(_ => Tick(), null, period, period);
    }

    private void Tick()
    {
        var sent = _time.GetTimestamp();
        try
        {
            switch (_requests.RenewLease(_running.RequestId, _owner, _lease))
            {
                case RequestStatus.Cancelling:
                    Volatile.Write(ref _lastRenewalSent, sent);
                    _running.RequestCancel();
                    return;
                case null:
                    _running.LoseLease();
                    return;
                default:
                    Volatile.Write(ref _lastRenewalSent, sent);
                    return;
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            // A missed renewal is retried on the next tick; the lease outlasts several ticks.
        }

        if (_time.GetElapsedTime(Volatile.Read(ref _lastRenewalSent)) >= _lease / 2)
        {
            _running.LoseLease();
        }
    }

    public void Dispose() => _timer.Dispose();
}
