using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The answer to <c>apps.connections.open</c>: a one-time Socket Mode URL.</summary>
internal sealed record ConnectionsOpenResponse : SlackResponse
{
    [JsonPropertyName("url")]
    public string? Url { get; init; }
}
