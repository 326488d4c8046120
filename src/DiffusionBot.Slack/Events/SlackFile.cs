using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.Events;

/// <summary>A file shared in a message; <see cref="UrlPrivate"/> needs the bot token.</summary>
internal sealed record SlackFile
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("mimetype")]
    public string? Mimetype { get; init; }

    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("url_private")]
    public string? UrlPrivate { get; init; }

    [JsonPropertyName("url_private_download")]
    public string? UrlPrivateDownload { get; init; }

    /// <summary>Whether Slack says it is an image.</summary>
    [JsonIgnore]
    public bool IsImage => Mimetype?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true;
}
