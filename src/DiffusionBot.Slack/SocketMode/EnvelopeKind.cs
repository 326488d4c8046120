namespace DiffusionBot.Slack.SocketMode;

/// <summary>What a Socket Mode envelope carries.</summary>
internal enum EnvelopeKind
{
    /// <summary>A type this client does not know; acked and passed on as is.</summary>
    Unknown,

    /// <summary>An Events API <c>event_callback</c> (messages, mentions, reactions).</summary>
    EventsApi,

    /// <summary>A slash command's fields.</summary>
    SlashCommands,

    /// <summary>An interaction such as <c>block_actions</c> (button clicks) or a shortcut.</summary>
    Interactive,
}
