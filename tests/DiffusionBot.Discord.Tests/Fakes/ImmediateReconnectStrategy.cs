using DiffusionBot.Discord.Gateway;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>Reconnects at once (10 ms after a failure), so tests never wait on backoff.</summary>
internal sealed class ImmediateReconnectStrategy : IReconnectStrategy
{
    public IEnumerable<TimeSpan> GetDelays()
    {
        while (true)
        {
            yield return TimeSpan.FromMilliseconds(10);
        }
    }

    public TimeSpan GetInvalidSessionDelay() => TimeSpan.Zero;
}
