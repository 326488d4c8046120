using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The answer to <c>files.getUploadURLExternal</c>: where to post the bytes, and the file's id.</summary>
internal sealed record UploadUrlResponse : SlackResponse
{
    [JsonPropertyName("upload_url")]
    public string? UploadUrl { get; init; }

    [JsonPropertyName("file_id")]
    public string? FileId { get; init; }
}
