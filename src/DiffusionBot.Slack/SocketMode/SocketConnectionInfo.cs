using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.SocketMode;

/// <summary>Which app a Socket Mode connection belongs to.</summary>
internal sealed record SocketConnectionInfo
{
    [JsonPropertyName("app_id")]
    public string? AppId { get; init; }
}
