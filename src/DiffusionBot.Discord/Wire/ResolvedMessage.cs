using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>
/// The message a message command was used on. It comes whole, content and attachments included, whatever the bot's
/// intents: the user picked it (docs/interactions/application-commands#message-commands).
/// </summary>
internal sealed record ResolvedMessage(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("channel_id")] ulong ChannelId,
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("attachments")] IReadOnlyList<DiscordAttachment>? Attachments);
