using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A frame sent to the gateway; <c>s</c> and <c>t</c> are never sent.</summary>
internal sealed record GatewaySendPayload<T>(
    [property: JsonPropertyName("op")] int Op,
    [property: JsonPropertyName("d")] T D);
