using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The answer to <c>files.completeUploadExternal</c>.</summary>
internal sealed record CompleteUploadResponse : SlackResponse
{
    [JsonPropertyName("files")]
    public IReadOnlyList<UploadedFile>? Files { get; init; }
}
