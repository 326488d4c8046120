namespace DiffusionBot.Slack.Replies;

/// <summary>
/// The Web API errors that mean "the bot cannot post in this conversation" — retrying never helps until someone invites the
/// bot — and the one line that tells the user so through the <c>response_url</c>.
/// </summary>
/// <remarks>
/// Slash commands work in every conversation, but <c>chat.postMessage</c>, <c>chat.update</c>, <c>chat.postEphemeral</c> and
/// file sharing answer <c>not_in_channel</c> in a public channel the bot was not invited to, <c>channel_not_found</c> in a
/// private channel or a direct message between other people, and <c>is_archived</c> in an archived channel
/// (docs.slack.dev/reference/methods/chat.postMessage, "Errors").
/// </remarks>
internal static class ChannelRefusal
{
    /// <summary>The bot user's name as people type it after <c>/invite @</c>.</summary>
    public const string BotName = SlackAppManifest.AppName;

    /// <summary>Whether <paramref name="error"/> says the bot cannot post in the conversation at all.</summary>
    public static bool Is(string error) => error is "not_in_channel" or "channel_not_found" or "is_archived";

    /// <summary>
    /// What to tell the user, ready to send (escaped): invite the bot, or try it where it is. <paramref name="channelName"/> is the
    /// slash command's <c>channel_name</c> when known; without it (a worker, a private channel) the channel is "this channel":
    /// a response_url message shows in the conversation the command came from.
    /// </summary>
    public static string Explain(string error, string channelId, string? channelName = null)
    {
        ArgumentNullException.ThrowIfNull(channelId);

        // Slack names a direct message "directmessage" and a group DM "mpdm-…"; ids of direct messages start with D.
        if (channelId.StartsWith('D') || channelName == "directmessage" || channelName?.StartsWith("mpdm-", StringComparison.Ordinal) == true)
        {
            return $"I can't post in a direct message between other people — try me in a channel I'm in, or message @{BotName} directly.";
        }

        var where = channelName is { Length: > 0 } name && name != "privategroup" ? "#" + SlackText.Escape(name) : "this channel";
        return error == "is_archived"
            ? $"{(where == "this channel" ? "This channel" : where)} is archived, so I can't post there — try me in a channel I'm in."
            : $"I'm not in {where} — invite me with `/invite @{BotName}`, or try me in a channel I'm in.";
    }
}
