using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The fields of READY the transport keeps: who we are and where to resume.</summary>
internal sealed record ReadyData(
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("user")] DiscordUser User,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("resume_gateway_url")] string ResumeGatewayUrl,
    [property: JsonPropertyName("application")] DiscordApplicationRef? Application);
