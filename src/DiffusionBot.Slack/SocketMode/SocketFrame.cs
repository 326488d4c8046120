using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.SocketMode;

/// <summary>The one field every Socket Mode message carries: its type, read first to pick the real shape.</summary>
internal sealed record SocketFrame
{
    /// <summary><c>hello</c>, <c>disconnect</c>, or an envelope type such as <c>events_api</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Present on envelopes only.</summary>
    [JsonPropertyName("envelope_id")]
    public string? EnvelopeId { get; init; }
}
