using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>MESSAGE_REACTION_ADD.</summary>
internal sealed record ReactionAddEvent(
    [property: JsonPropertyName("user_id")] ulong UserId,
    [property: JsonPropertyName("channel_id")] ulong ChannelId,
    [property: JsonPropertyName("message_id")] ulong MessageId,
    [property: JsonPropertyName("guild_id")] ulong? GuildId,
    [property: JsonPropertyName("member")] GuildMember? Member,
    [property: JsonPropertyName("emoji")] Emoji Emoji);
