namespace DiffusionBot.Slack.WebApi;

/// <summary>Which token authorizes a Web API call.</summary>
internal enum SlackTokenKind
{
    /// <summary>The bot token (<c>xoxb-…</c>): every method the bot uses.</summary>
    Bot,

    /// <summary>The app-level token (<c>xapp-…</c>): only <c>apps.connections.open</c>.</summary>
    App,
}
