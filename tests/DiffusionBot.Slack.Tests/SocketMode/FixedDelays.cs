using DiffusionBot.Slack.SocketMode;

namespace DiffusionBot.Slack.Tests.SocketMode;

/// <summary>A reconnect policy of <paramref name="count"/> zero delays, so tests reconnect at once and stop eventually.</summary>
internal sealed class FixedDelays(int count) : IReconnectStrategy
{
    public IEnumerable<TimeSpan> GetDelays() => Enumerable.Repeat(TimeSpan.Zero, count);
}
