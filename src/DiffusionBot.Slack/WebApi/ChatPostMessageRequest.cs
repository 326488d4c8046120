using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The JSON body of <c>chat.postMessage</c>.</summary>
internal sealed record ChatPostMessageRequest
{
    [JsonPropertyName("channel")]
    public required string Channel { get; init; }

    /// <summary>The message, or the notification fallback when <see cref="Blocks"/> is set.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; init; }

    /// <summary>Block Kit blocks, as a JSON array.</summary>
    [JsonPropertyName("blocks")]
    public JsonElement? Blocks { get; init; }

    /// <summary>The parent message's ts, to reply in its thread; never a reply's ts.</summary>
    [JsonPropertyName("thread_ts")]
    public string? ThreadTs { get; init; }

    [JsonPropertyName("reply_broadcast")]
    public bool? ReplyBroadcast { get; init; }

    [JsonPropertyName("unfurl_links")]
    public bool? UnfurlLinks { get; init; }

    [JsonPropertyName("unfurl_media")]
    public bool? UnfurlMedia { get; init; }
}
