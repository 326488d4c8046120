using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>MESSAGE_CREATE. Without the Message Content intent, content and attachments are empty unless the bot is mentioned.</summary>
internal sealed record MessageCreateEvent(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("channel_id")] ulong ChannelId,
    [property: JsonPropertyName("guild_id")] ulong? GuildId,
    [property: JsonPropertyName("author")] DiscordUser Author,
    [property: JsonPropertyName("member")] GuildMember? Member,
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("mentions")] IReadOnlyList<DiscordUser>? Mentions,
    [property: JsonPropertyName("attachments")] IReadOnlyList<DiscordAttachment>? Attachments,
    [property: JsonPropertyName("message_reference")] ReceivedReference? MessageReference,
    [property: JsonPropertyName("referenced_message")] ReferencedMessage? ReferencedMessage);
