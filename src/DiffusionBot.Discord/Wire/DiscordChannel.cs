using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The parts of a channel (or thread) the transport needs.</summary>
internal sealed record DiscordChannel(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("parent_id")] ulong? ParentId);
