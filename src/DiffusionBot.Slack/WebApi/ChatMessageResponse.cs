using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The answer to <c>chat.postMessage</c> and <c>chat.update</c>: channel + ts name the message.</summary>
internal sealed record ChatMessageResponse : SlackResponse
{
    [JsonPropertyName("channel")]
    public string? Channel { get; init; }

    [JsonPropertyName("ts")]
    public string? Ts { get; init; }
}
