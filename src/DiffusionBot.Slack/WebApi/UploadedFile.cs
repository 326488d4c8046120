using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>A file in <c>files.completeUploadExternal</c>: sent as its <c>files</c> argument and returned in its answer.</summary>
internal sealed record UploadedFile
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }
}
