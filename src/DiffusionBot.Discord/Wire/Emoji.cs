using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A reaction's emoji: unicode (<see cref="Id"/> null) or custom.</summary>
internal sealed record Emoji(
    [property: JsonPropertyName("id")] ulong? Id,
    [property: JsonPropertyName("name")] string? Name);
