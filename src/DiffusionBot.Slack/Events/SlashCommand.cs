namespace DiffusionBot.Slack.Events;

/// <summary>
/// A slash command's fields: the form body of an HTTP delivery, or the <c>payload</c> object of a Socket Mode
/// <c>slash_commands</c> envelope (same names, as strings).
/// </summary>
internal sealed record SlashCommand(
    string Command,
    string Text,
    string UserId,
    string UserName,
    string TeamId,
    string ChannelId,
    string? ResponseUrl,
    string? TriggerId,
    string? ChannelName = null)
{
    /// <summary>Reads the fields from name/value pairs; null when a required one is missing.</summary>
    public static SlashCommand? From(Func<string, string?> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field("command") is not { Length: > 0 } command || field("user_id") is not { Length: > 0 } user
            || field("channel_id") is not { Length: > 0 } channel)
        {
            return null;
        }

        return new SlashCommand(
            command,
            field("text") ?? "",
            user,
            field("user_name") ?? user,
            field("team_id") ?? "",
            channel,
            field("response_url"),
            field("trigger_id"),
            field("channel_name"));
    }
}
