using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The connection properties in Identify (the un-prefixed names; <c>$os</c> is deprecated).</summary>
internal sealed record IdentifyProperties(
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("browser")] string Browser,
    [property: JsonPropertyName("device")] string Device);
