namespace DiffusionBot.Discord.Rest.RateLimits;

/// <summary>The per-bot limit over all routes: 50 requests per second, and a pause after a global 429.</summary>
internal sealed class GlobalRateLimiter(TimeProvider time)
{
    /// <summary>Discord's documented global limit.</summary>
    public const int RequestsPerSecond = 50;

    private readonly SlidingWindowLimiter _window = new(RequestsPerSecond, TimeSpan.FromSeconds(1), time);
    private long _pausedUntil;

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        for (var left = PauseLeft(); left > TimeSpan.Zero; left = PauseLeft())
        {
            await Task.Delay(left, time, cancellationToken).ConfigureAwait(false);
        }

        await _window.AcquireAsync(null, cancellationToken).ConfigureAwait(false);
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

    private TimeSpan PauseLeft() => TimeSpan.FromTicks(Interlocked.Read(ref _pausedUntil) - time.GetUtcNow().UtcTicks);
}
