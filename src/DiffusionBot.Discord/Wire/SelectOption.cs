using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>One choice of a string select: what the user sees and the value that comes back in the interaction's <c>values</c>.</summary>
internal sealed record SelectOption(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("value")] string Value);
