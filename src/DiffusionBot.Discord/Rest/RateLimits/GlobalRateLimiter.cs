namespace DiffusionBot.Discord.Rest.RateLimits;

/// <summary>
/// The per-bot limit over all routes: 50 requests per second, and a pause after a global 429. A request holds its
/// permit until its response arrives, and the second it counts for starts then: Discord counts a request when it
/// arrives, which is after it was sent but never after its answer, so the window can only err on the slow side.
/// </summary>
/// <remarks>
/// Counting from the send instead lets a burst break the limit: requests that waited for a new connection arrive
/// late, and the next second's requests, sent on warm connections, catch up with them inside Discord's window.
/// </remarks>
internal sealed class GlobalRateLimiter(TimeProvider time)
{
    /// <summary>Discord's documented global limit.</summary>
    public const int RequestsPerSecond = 50;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Queue<long> _answeredAt = new();
    private int _inFlight;
    private long _pausedUntil;

    /// <summary>Waits for a permit and takes it; every taken permit must be given back with <see cref="Release"/>.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        for (var left = PauseLeft(); left > TimeSpan.Zero; left = PauseLeft())
        {
            await Task.Delay(left, time, cancellationToken).ConfigureAwait(false);
        }

        for (var wait = TryTake(); wait > TimeSpan.Zero; wait = TryTake())
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The request's response (or failure) is in: its permit counts for one <see cref="Window"/> from now.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _inFlight--;
            _answeredAt.Enqueue(time.GetTimestamp());
        }
    }

    public void PauseFor(TimeSpan retryAfter)
    {
        var until = time.GetUtcNow().UtcTicks + retryAfter.Ticks;
        long current;
        do
        {
            current = Interlocked.Read(ref _pausedUntil);
        }
        while (until > current && Interlocked.CompareExchange(ref _pausedUntil, until, current) != current);
    }

    /// <summary>Takes a permit and returns zero, or returns how long to wait before asking again.</summary>
    private TimeSpan TryTake()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            while (_answeredAt.Count > 0 && time.GetElapsedTime(_answeredAt.Peek(), now) >= Window)
            {
                _answeredAt.Dequeue();
            }

            if (_inFlight + _answeredAt.Count < RequestsPerSecond)
            {
                _inFlight++;
                return TimeSpan.Zero;
            }

            // Every permit in flight: none frees sooner than a window after the first answer, so look again then.
            return _answeredAt.Count > 0 ? Window - time.GetElapsedTime(_answeredAt.Peek(), now) : Window;
        }
    }

    private TimeSpan PauseLeft() => TimeSpan.FromTicks(Interlocked.Read(ref _pausedUntil) - time.GetUtcNow().UtcTicks);
}
