using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The message a reply points at, as far as the bot cares: who wrote it.</summary>
internal sealed record ReferencedMessage(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("author")] DiscordUser? Author);
