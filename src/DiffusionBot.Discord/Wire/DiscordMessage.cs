using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The parts of a returned message the transport needs.</summary>
/// <param name="Author">Who posted it; present on messages read back (<c>GET /channels/{id}/messages/{id}</c>).</param>
/// <param name="Components">Its action rows; a result's buttons carry the result id.</param>
internal sealed record DiscordMessage(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("channel_id")] ulong ChannelId,
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("author")] DiscordUser? Author = null,
    [property: JsonPropertyName("components")] IReadOnlyList<MessageComponent>? Components = null);
