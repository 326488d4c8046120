using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The parts of a returned message the transport needs.</summary>
internal sealed record DiscordMessage(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("channel_id")] ulong ChannelId,
    [property: JsonPropertyName("content")] string? Content);
