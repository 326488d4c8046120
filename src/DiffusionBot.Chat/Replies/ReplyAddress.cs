using System.Text;
using System.Text.Json;
using DiffusionBot.Chat.Commands;

namespace DiffusionBot.Chat.Replies;

/// <summary>
/// Where a request's progress and results go. Plain strings only, so it can be stored with the request and used by
/// any worker after a restart (<see cref="ToJson"/>, <see cref="FromJson"/>).
/// </summary>
/// <param name="Platform">Which adapter's <see cref="IChatReply"/> handles it.</param>
/// <param name="ChannelId">The channel to post into.</param>
/// <param name="WorkspaceId">The Discord guild or Slack team, when the platform needs it to pick credentials.</param>
/// <param name="ThreadId">The thread to post into (a Discord thread channel, a Slack <c>thread_ts</c>).</param>
/// <param name="MessageId">The status message that previews and status lines edit (a Discord message id, a Slack <c>ts</c>).</param>
/// <param name="InteractionToken">A Discord interaction token or a Slack <c>response_url</c>; a secret, never logged.</param>
/// <param name="InteractionExpiresAt">When <paramref name="InteractionToken"/> stops working.</param>
/// <remarks>
/// Discord interaction tokens die 15 minutes after the interaction (Slack's <c>response_url</c> after 30): a job that
/// finishes later must post with the bot token into <see cref="ChannelId"/> / <see cref="ThreadId"/> instead
/// (<see cref="CanUseInteraction"/>).
/// </remarks>
public sealed record ReplyAddress(
    ChatPlatform Platform,
    string ChannelId,
    string? WorkspaceId = null,
    string? ThreadId = null,
    string? MessageId = null,
    string? InteractionToken = null,
    DateTimeOffset? InteractionExpiresAt = null)
{
    /// <summary>Whether <see cref="InteractionToken"/> can still be used at <paramref name="now"/>.</summary>
    /// <remarks>A token without a known expiry is treated as usable; the adapter falls back when the platform refuses it.</remarks>
    public bool CanUseInteraction(DateTimeOffset now) =>
        InteractionToken is { Length: > 0 } && (InteractionExpiresAt is not { } expiresAt || now < expiresAt);

    /// <summary>The address as JSON, for storing with the request.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ChatJsonContext.Default.ReplyAddress);

    /// <summary>Reads an address written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a reply address.</exception>
    public static ReplyAddress FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, ChatJsonContext.Default.ReplyAddress)
            ?? throw new JsonException("A reply address cannot be null.");
    }

    // Records print every property; the interaction token is a credential, so it is masked.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Platform = ").Append(Platform)
            .Append(", ChannelId = ").Append(ChannelId)
            .Append(", WorkspaceId = ").Append(WorkspaceId)
            .Append(", ThreadId = ").Append(ThreadId)
            .Append(", MessageId = ").Append(MessageId)
            .Append(", InteractionToken = ").Append(InteractionToken is null ? "" : "***")
            .Append(", InteractionExpiresAt = ").Append(InteractionExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}
