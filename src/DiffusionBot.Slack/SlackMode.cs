namespace DiffusionBot.Slack;

/// <summary>How Slack delivers events, commands and button clicks to the bot.</summary>
public enum SlackMode
{
    /// <summary>Socket Mode: the bot dials out over a WebSocket; no public URL is needed.</summary>
    Socket,

    /// <summary>HTTP request URLs: Slack posts signed requests to the bot's public endpoints.</summary>
    Http,
}
