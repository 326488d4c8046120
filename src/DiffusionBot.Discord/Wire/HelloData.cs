using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>op 10 data.</summary>
internal sealed record HelloData([property: JsonPropertyName("heartbeat_interval")] int HeartbeatInterval);
