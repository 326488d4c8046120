namespace DiffusionBot.Discord.Rest.RateLimits;

/// <summary>
/// One rate-limit bucket. Requests through it go one at a time, so a bucket not seen yet lets exactly one request
/// through and the next waits for that response's headers. A bucket with nothing remaining holds requests until it resets.
/// </summary>
internal sealed class RateLimitBucket(TimeProvider time)
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _lock = new();
    private int? _remaining;
    private long _resetAt;
    private int _waiting;

    /// <summary>How many requests are waiting for their turn (tests wait on it instead of sleeping).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Exit() => _turn.Release();

    /// <summary>How long the caller (which holds the turn) must wait before sending; zero takes one request.</summary>
    public TimeSpan TakeOrGetDelay()
    {
        lock (_lock)
        {
            if (_remaining is 0)
            {
                var left = TimeSpan.FromTicks(_resetAt - time.GetUtcNow().UtcTicks);
                if (left > TimeSpan.Zero)
                {
                    return left;
                }

                _remaining = null;
            }

            if (_remaining > 0)
            {
                _remaining--;
            }

            return TimeSpan.Zero;
        }
    }

    /// <summary>Learns the bucket's state from a response.</summary>
    public void Update(RateLimitInfo info)
    {
        if (info.Remaining is not { } remaining || info.ResetAfter is not { } resetAfter)
        {
            return;
        }

        lock (_lock)
        {
            _remaining = remaining;
            _resetAt = time.GetUtcNow().UtcTicks + resetAfter.Ticks;
        }
    }

    /// <summary>A 429 for this bucket: nothing goes out until <paramref name="retryAfter"/> has passed.</summary>
    public void PauseFor(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            _remaining = 0;
            _resetAt = Math.Max(_resetAt, time.GetUtcNow().UtcTicks + retryAfter.Ticks);
        }
    }
}
