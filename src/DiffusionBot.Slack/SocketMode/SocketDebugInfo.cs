using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.SocketMode;

/// <summary>Diagnostics Slack attaches to <c>hello</c> and <c>disconnect</c>.</summary>
internal sealed record SocketDebugInfo
{
    [JsonPropertyName("host")]
    public string? Host { get; init; }

    /// <summary>Seconds until Slack refreshes this connection.</summary>
    [JsonPropertyName("approximate_connection_time")]
    public int? ApproximateConnectionTime { get; init; }
}
