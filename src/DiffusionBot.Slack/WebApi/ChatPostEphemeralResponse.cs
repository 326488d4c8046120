using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The answer to <c>chat.postEphemeral</c>.</summary>
internal sealed record ChatPostEphemeralResponse : SlackResponse
{
    [JsonPropertyName("message_ts")]
    public string? MessageTs { get; init; }
}
