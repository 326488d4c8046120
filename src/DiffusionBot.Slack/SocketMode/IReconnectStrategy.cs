namespace DiffusionBot.Slack.SocketMode;

/// <summary>The reconnect policy as data: how long to wait before each attempt after a failure.</summary>
internal interface IReconnectStrategy
{
    /// <summary>A lazy sequence of delays, one per consecutive failed attempt; when it ends, the client gives up.</summary>
    IEnumerable<TimeSpan> GetDelays();
}
