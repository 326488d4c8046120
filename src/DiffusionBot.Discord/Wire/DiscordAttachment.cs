using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>An uploaded file on a message or in an interaction's resolved data; <see cref="Url"/> is a signed CDN link.</summary>
internal sealed record DiscordAttachment(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("filename")] string? FileName,
    [property: JsonPropertyName("content_type")] string? ContentType,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("url")] string Url);
