using System.Text.Json;
using System.Text.Json.Serialization;
using DiffusionBot.Slack.Events;

namespace DiffusionBot.Slack.WebApi;

/// <summary>A message as <c>conversations.replies</c> returns it: the fields the bot reads back.</summary>
internal sealed record SlackMessage
{
    [JsonPropertyName("ts")]
    public string? Ts { get; init; }

    [JsonPropertyName("thread_ts")]
    public string? ThreadTs { get; init; }

    [JsonPropertyName("user")]
    public string? User { get; init; }

    [JsonPropertyName("bot_id")]
    public string? BotId { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("blocks")]
    public JsonElement? Blocks { get; init; }

    [JsonPropertyName("files")]
    public IReadOnlyList<SlackFile>? Files { get; init; }
}
