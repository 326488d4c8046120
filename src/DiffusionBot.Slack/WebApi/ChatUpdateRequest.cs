using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The JSON body of <c>chat.update</c>.</summary>
internal sealed record ChatUpdateRequest
{
    [JsonPropertyName("channel")]
    public required string Channel { get; init; }

    /// <summary>The ts of the message to edit.</summary>
    [JsonPropertyName("ts")]
    public required string Ts { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    /// <summary>Replacement blocks; null keeps the old ones, an empty array removes them.</summary>
    [JsonPropertyName("blocks")]
    public JsonElement? Blocks { get; init; }

    /// <summary>Files (from an unshared upload) to attach to the edited message.</summary>
    [JsonPropertyName("file_ids")]
    public IReadOnlyList<string>? FileIds { get; init; }
}
