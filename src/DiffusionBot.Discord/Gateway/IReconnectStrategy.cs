namespace DiffusionBot.Discord.Gateway;

/// <summary>The gateway's reconnect policy as data.</summary>
internal interface IReconnectStrategy
{
    /// <summary>Waits before successive failed attempts; enumerated afresh after every healthy connection.</summary>
    IEnumerable<TimeSpan> GetDelays();

    /// <summary>The wait after op 9 (not resumable) before identifying again.</summary>
    TimeSpan GetInvalidSessionDelay();
}
