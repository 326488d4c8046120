using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary><c>GET /gateway/bot</c>.</summary>
internal sealed record GatewayBotResponse(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("shards")] int Shards,
    [property: JsonPropertyName("session_start_limit")] SessionStartLimit? SessionStartLimit);
