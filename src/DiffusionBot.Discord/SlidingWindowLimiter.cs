namespace DiffusionBot.Discord;

/// <summary>At most <c>permits</c> acquisitions in any <c>window</c>: the gateway's 120 sends per 60 s, REST's 50 requests per second.</summary>
internal sealed class SlidingWindowLimiter(int permits, TimeSpan window, TimeProvider time)
{
    private readonly Queue<long> _taken = new();
    private readonly Lock _lock = new();

    /// <summary>How many permits are free now.</summary>
    public int Available()
    {
        lock (_lock)
        {
            ForgetExpired(time.GetTimestamp());
            return permits - _taken.Count;
        }
    }

    /// <summary>Takes a permit and returns <see cref="TimeSpan.Zero"/>, or returns how long until one frees up.</summary>
    public TimeSpan TryAcquire()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            ForgetExpired(now);
            if (_taken.Count < permits)
            {
                _taken.Enqueue(now);
                return TimeSpan.Zero;
            }

            return window - time.GetElapsedTime(_taken.Peek(), now);
        }
    }

    private void ForgetExpired(long now)
    {
        while (_taken.Count > 0 && time.GetElapsedTime(_taken.Peek(), now) >= window)
        {
            _taken.Dequeue();
        }
    }

    /// <summary>Waits for and takes a permit; <paramref name="onWait"/> hears each wait (for a log line).</summary>
    public async ValueTask AcquireAsync(Action<TimeSpan>? onWait, CancellationToken cancellationToken)
    {
        for (var wait = TryAcquire(); wait > TimeSpan.Zero; wait = TryAcquire())
        {
            onWait?.Invoke(wait);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
