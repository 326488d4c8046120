using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A frame received from the gateway: opcode, data, and for dispatches the sequence and event name.</summary>
internal sealed record GatewayPayload(
    [property: JsonPropertyName("op")] int Op,
    [property: JsonPropertyName("d")] JsonElement D,
    [property: JsonPropertyName("s")] long? S,
    [property: JsonPropertyName("t")] string? T);
