using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Chat.Commands;

/// <summary>Who asked, where, and where the answer goes.</summary>
/// <param name="Platform">The chat the command came from.</param>
/// <param name="WorkspaceId">The Discord guild or Slack team; the Playground uses a fixed id.</param>
/// <param name="ChannelId">The channel the command was typed in.</param>
/// <param name="ThreadId">The thread the command was typed in, if any (a Discord thread channel, a Slack <c>thread_ts</c>).</param>
/// <param name="UserId">The platform's id for the user.</param>
/// <param name="UserDisplayName">The name to show; never used to decide anything.</param>
/// <param name="IsAdmin">Whether the user may run admin commands in this workspace.</param>
/// <param name="ChannelIsNsfw">Whether the channel is marked age-restricted.</param>
/// <param name="ReplyAddress">Where progress and results are posted; it outlives the process.</param>
public sealed record CommandOrigin(
    ChatPlatform Platform,
    string WorkspaceId,
    string ChannelId,
    string? ThreadId,
    string UserId,
    string UserDisplayName,
    bool IsAdmin,
    bool ChannelIsNsfw,
    ReplyAddress ReplyAddress);
