using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.SocketMode;

/// <summary>Slack announces that it will close this connection, and why.</summary>
internal sealed record Disconnect
{
    /// <summary>The reason as sent: <c>warning</c>, <c>refresh_requested</c>, <c>too_many_websockets</c>, <c>socket_mode_disabled</c>, <c>link_disabled</c>.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("num_connections")]
    public int? NumConnections { get; init; }

    [JsonPropertyName("debug_info")]
    public SocketDebugInfo? DebugInfo { get; init; }

    /// <summary>The reason as a value the client can switch on.</summary>
    [JsonIgnore]
    public DisconnectReason Kind => Reason switch
    {
        "warning" => DisconnectReason.Warning,
        "refresh_requested" => DisconnectReason.RefreshRequested,
        "too_many_websockets" => DisconnectReason.TooManyWebsockets,
        "socket_mode_disabled" => DisconnectReason.SocketModeDisabled,
        "link_disabled" => DisconnectReason.LinkDisabled,
        _ => DisconnectReason.Unknown,
    };
}
