using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that shows when code is parked on it: timers armed (a finite due time, not fired, not
/// disposed) and no timer callback running. A test waits until the code under test is parked, then asserts what it has
/// (not) done; nothing gets real time to (wrongly) move.
/// </summary>
internal sealed class ObservedTimeProvider(FakeTimeProvider fake) : TimeProvider
{
    private readonly Lock _lock = new();
    private int _armed;
    private int _running;

    public ObservedTimeProvider()
        : this(new FakeTimeProvider())
    {
    }

    /// <summary>True when at least <paramref name="timers"/> timers are armed and no timer callback is running.</summary>
    public bool Parked(int timers = 1)
    {
        lock (_lock)
        {
            return _armed >= timers && _running == 0;
        }
    }

    public void Advance(TimeSpan by) => fake.Advance(by);

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(this);
        timer.Start(fake, callback, state, dueTime, period);
        return timer;
    }

    private void SetArmed(ObservedTimer timer, bool armed)
    {
        lock (_lock)
        {
            if (timer.Armed != armed)
            {
                timer.Armed = armed;
                _armed += armed ? 1 : -1;
            }
        }
    }

    private void Running(int delta)
    {
        lock (_lock)
        {
            _running += delta;
        }
    }

    private sealed class ObservedTimer(ObservedTimeProvider owner) : ITimer
    {
        private ITimer? _inner;
        private volatile bool _periodic;

        public bool Armed { get; set; }

        public void Start(FakeTimeProvider clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            _inner = clock.CreateTimer(
                s =>
                {
                    owner.Running(1);
                    try
                    {
                        if (!_periodic)
                        {
                            owner.SetArmed(this, false);
                        }

                        callback(s);
                    }
                    finally
                    {
                        owner.Running(-1);
                    }
                },
                state,
                dueTime,
                period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return _inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner.SetArmed(this, false);
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
            owner.SetArmed(this, dueTime != Timeout.InfiniteTimeSpan);
        }
    }
}
