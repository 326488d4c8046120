using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.SocketMode;

/// <summary>The acknowledgement of one envelope, sent on the socket that received it.</summary>
internal sealed record SocketAck
{
    [JsonPropertyName("envelope_id")]
    public required string EnvelopeId { get; init; }
}
