using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A user as far as the bot cares.</summary>
internal sealed record DiscordUser(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("bot")] bool? Bot);
