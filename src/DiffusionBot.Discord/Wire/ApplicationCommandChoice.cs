using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A fixed choice; the value is a string or a number, matching the option type.</summary>
internal sealed record ApplicationCommandChoice(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] JsonElement Value);
