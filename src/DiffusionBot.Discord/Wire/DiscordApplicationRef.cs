using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The partial application object in READY.</summary>
internal sealed record DiscordApplicationRef(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("flags")] long? Flags);
