using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The answer to <c>users.info</c>.</summary>
internal sealed record UsersInfoResponse : SlackResponse
{
    [JsonPropertyName("user")]
    public SlackUser? User { get; init; }
}
