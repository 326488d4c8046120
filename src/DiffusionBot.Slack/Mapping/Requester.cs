namespace DiffusionBot.Slack.Mapping;

/// <summary>Who acted and where: a workspace, a channel, a user, and the thread the answer belongs in (if any).</summary>
internal sealed record Requester(string TeamId, string ChannelId, string UserId, string UserName, string? ThreadTs = null);
