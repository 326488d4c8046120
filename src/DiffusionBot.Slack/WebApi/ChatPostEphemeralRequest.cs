using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The JSON body of <c>chat.postEphemeral</c>: a message only <see cref="User"/> sees.</summary>
internal sealed record ChatPostEphemeralRequest
{
    [JsonPropertyName("channel")]
    public required string Channel { get; init; }

    [JsonPropertyName("user")]
    public required string User { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("blocks")]
    public JsonElement? Blocks { get; init; }

    [JsonPropertyName("thread_ts")]
    public string? ThreadTs { get; init; }
}
