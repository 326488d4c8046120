namespace DiffusionBot.Discord.Gateway;

/// <summary>Exponential backoff with jitter and a cap; a random 1–5 s before re-identifying after op 9.</summary>
internal sealed class BackoffReconnectStrategy(Random? random = null) : IReconnectStrategy
{
    public static readonly TimeSpan DefaultFirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultJitter = TimeSpan.FromMilliseconds(250);

    /// <remarks>From Discord's older gateway docs ("wait a random amount of time between 1 and 5 seconds"); current docs name no delay.</remarks>
    public static readonly TimeSpan InvalidSessionMinDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan InvalidSessionMaxDelay = TimeSpan.FromSeconds(5);

    private readonly Random _random = random ?? Random.Shared;

    public IEnumerable<TimeSpan> GetDelays()
    {
        var delay = DefaultFirstDelay;
        while (true)
        {
            yield return delay + TimeSpan.FromMilliseconds(_random.NextDouble() * DefaultJitter.TotalMilliseconds);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, DefaultMaxDelay.Ticks));
        }
    }

    public TimeSpan GetInvalidSessionDelay() =>
        InvalidSessionMinDelay + ((InvalidSessionMaxDelay - InvalidSessionMinDelay) * _random.NextDouble());
}
