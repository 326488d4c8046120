namespace DiffusionBot.Slack.SocketMode;

/// <summary>Why Slack closes a Socket Mode connection, and so what the client does next.</summary>
internal enum DisconnectReason
{
    /// <summary>A reason this client does not know; treated like a refresh.</summary>
    Unknown,

    /// <summary>Advance notice that the connection will be refreshed: open a new one, then drop this one.</summary>
    Warning,

    /// <summary>Slack rotates the connection: open a new one, then drop this one.</summary>
    RefreshRequested,

    /// <summary>The app has more connections open than Slack allows; this one is refused.</summary>
    TooManyWebsockets,

    /// <summary>Socket Mode was switched off for the app: reconnecting cannot succeed, so the client stops.</summary>
    SocketModeDisabled,

    /// <summary>The app's connection link was disabled: reconnecting cannot succeed, so the client stops.</summary>
    LinkDisabled,
}
