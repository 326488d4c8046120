namespace DiffusionBot.Slack.Mapping;

/// <summary>
/// Who acted and where: a workspace, a channel, a user, and the thread the answer belongs in (if any); for a slash command or
/// a button press also the channel's name and the <c>response_url</c>, the one way to answer where the bot cannot post.
/// </summary>
internal sealed record Requester(string TeamId, string ChannelId, string UserId, string UserName, string? ThreadTs = null)
{
    /// <summary>The slash command's <c>channel_name</c> (<c>directmessage</c> and <c>privategroup</c> included), when known.</summary>
    public string? ChannelName { get; init; }

    /// <summary>The payload's <c>response_url</c>; a secret, never logged.</summary>
    public string? ResponseUrl { get; init; }
}
