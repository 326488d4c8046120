using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.SocketMode;

/// <summary>The first message on a new Socket Mode connection: Slack is ready to deliver.</summary>
internal sealed record Hello
{
    /// <summary>How many connections the app has open, this one included.</summary>
    [JsonPropertyName("num_connections")]
    public int NumConnections { get; init; }

    [JsonPropertyName("debug_info")]
    public SocketDebugInfo? DebugInfo { get; init; }

    [JsonPropertyName("connection_info")]
    public SocketConnectionInfo? ConnectionInfo { get; init; }
}
