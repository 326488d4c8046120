namespace DiffusionBot.Slack.SocketMode;

/// <summary>Exponential backoff with jitter and a cap: 1 s, 2 s, 4 s, … up to 60 s, each ± 250 ms, forever.</summary>
internal sealed class BackoffReconnectStrategy(Random random) : IReconnectStrategy
{
    /// <summary>The wait before the first retry.</summary>
    public static readonly TimeSpan DefaultInitialDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    /// <remarks>A minute keeps <c>apps.connections.open</c> (a low rate-limit tier) well inside its budget during an outage.</remarks>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(60);

    /// <summary>How far each delay may move either way, so several bots do not reconnect in step.</summary>
    public static readonly TimeSpan DefaultJitter = TimeSpan.FromMilliseconds(250);

    public BackoffReconnectStrategy()
        : this(Random.Shared)
    {
    }

    public TimeSpan InitialDelay { get; init; } = DefaultInitialDelay;

    public TimeSpan MaxDelay { get; init; } = DefaultMaxDelay;

    public TimeSpan Jitter { get; init; } = DefaultJitter;

    public IEnumerable<TimeSpan> GetDelays()
    {
        var baseDelay = InitialDelay;
        while (true)
        {
            var jitter = TimeSpan.FromTicks((long)((random.NextDouble() * 2 - 1) * Jitter.Ticks));
            var delay = baseDelay + jitter;
            yield return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
            baseDelay = baseDelay * 2 > MaxDelay ? MaxDelay : baseDelay * 2;
        }
    }
}
