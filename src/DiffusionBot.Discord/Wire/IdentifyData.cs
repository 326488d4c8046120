using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>op 2 data.</summary>
internal sealed record IdentifyData(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("intents")] int Intents,
    [property: JsonPropertyName("properties")] IdentifyProperties Properties);
