using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A received message's <c>message_reference</c>: type 0 is a reply, 1 a forward.</summary>
internal sealed record ReceivedReference(
    [property: JsonPropertyName("type")] int? Type,
    [property: JsonPropertyName("message_id")] ulong? MessageId,
    [property: JsonPropertyName("channel_id")] ulong? ChannelId);
